/**
 * Checks a connection's pageInfo against the Relay connection specification for a forward page
 * asked for with `after` (undefined for the first page).
 */
export function expectRelayPageInfo(
  conn: { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } },
  after: string | undefined,
): void {
  expect(conn.pageInfo).toEqual({
    hasNextPage: expect.any(Boolean),
    hasPreviousPage: after !== undefined,
    startCursor: conn.edges[0]?.cursor ?? null,
    endCursor: conn.edges.at(-1)?.cursor ?? null,
  });
}
