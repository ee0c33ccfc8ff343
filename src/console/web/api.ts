/**
 * The console's GraphQL client: plain fetch with the bearer token. The console sends a handful of
 * queries and refetches after each outcome, so a normalised cache (urql, Apollo Client) would add
 * weight without saving a request.
 */
const TOKEN_KEY = 'console.token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = session.token();
  const res = await fetch('./graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) {
    const code = body.errors[0]!.extensions?.code;
    if (code === 'UNAUTHENTICATED') session.clear();
    throw new ApiError(body.errors[0]!.message, code);
  }
  if (!res.ok || !body.data) throw new ApiError(`HTTP ${res.status}`, undefined);
  return body.data;
}

export interface DevManager {
  externalId: string;
  name: string;
  role: string;
  branchName: string | null;
}

/** The development sign-in (absent in production: answers 404). */
export async function devManagers(): Promise<DevManager[] | null> {
  const res = await fetch('./console/dev/managers');
  if (!res.ok) return null;
  return ((await res.json()) as { managers: DevManager[] }).managers;
}

export async function devSignIn(externalId: string): Promise<void> {
  const res = await fetch('./console/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ externalId }) });
  if (!res.ok) throw new ApiError(`HTTP ${res.status}`, undefined);
  session.set(((await res.json()) as { token: string }).token);
}

export interface Me {
  id: string;
  externalId: string;
  name: string;
  role: string;
}

export const ME = `{ me { id externalId name role } }`;

const OPPORTUNITY = `id score status linkage statusChangedAt product { code name category } reasons { text }`;

export const MY_CLIENTS = `query($after: String) { myClients(first: 20, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { employees payrollEmployees cardMatchingRate openOpportunities client { id externalId name industry sizeBand } } } } }`;

export const CLIENT = `query($id: ID!, $after: String, $filter: LeadFilter) {
  corporateClient(id: $id) { id externalId name industry sizeBand relationshipSince }
  linkageStats(corporateClientId: $id) { employees payrollEmployees cardMatchingRate openOpportunities acceptedOpportunities declinedOpportunities penetration { category holders rate } }
  employeeProspects(corporateClientId: $id, first: 20, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { bestScore person { id externalId fullName title segment salaryBand age tenureMonths } opportunities { ${OPPORTUNITY} } } } } }`;

export const EXECUTIVE_LEADS = `query($after: String, $filter: LeadFilter) { executiveLeads(first: 20, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { bestScore person { id externalId fullName title role segment aumBand company { id name } } opportunities { ${OPPORTUNITY} } } } } }`;

export const CORPORATE_LEADS = `query($after: String, $filter: LeadFilter) { corporateLeads(first: 20, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { bestScore company { id externalId name industry } linkedThrough { id fullName role } opportunities { ${OPPORTUNITY} } } } } }`;

export const PERSON = `query($id: ID!) {
  person(id: $id) { id externalId fullName age segment monthlyIncome monthlyIncomeBand aumBand doNotContact }
  list: opportunities(partyId: $id, status: [OPEN, CONTACTED, ACCEPTED, DECLINED]) { pendingChanges items { ${OPPORTUNITY} } }
  products(active: true, audience: PERSON) { code name category } }`;

export const COMPANY = `query($id: ID!) {
  corporateClient(id: $id) { id externalId name industry sizeBand }
  list: opportunities(partyId: $id, status: [OPEN, CONTACTED, ACCEPTED, DECLINED]) { pendingChanges items { ${OPPORTUNITY} } }
  products(active: true, audience: CORPORATE) { code name category } }`;

export const WHY_NOT = `query($id: ID!, $code: String!) { whyNot(partyId: $id, productCode: $code) {
  linkage stage message offer { score reasonText } blockers { stage reason message } } }`;

export const RECORD_OUTCOME = `mutation($input: RecordOutcomeInput!) { recordOutcome(input: $input) { opportunityId status replayed } }`;

export interface Product {
  code: string;
  name: string;
  category: string;
}

export interface Opportunity {
  id: string;
  score: number;
  status: string;
  linkage: string;
  statusChangedAt: string | null;
  product: Product;
  reasons: { text: string }[];
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<N> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { node: N }[];
}

export interface LeadFilter {
  productCategory?: string;
  minScore?: number;
  segment?: string;
}
