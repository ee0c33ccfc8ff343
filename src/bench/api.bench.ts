/**
 * The API part of `npm run bench`: 16 concurrent clients for 20 seconds against the running
 * server, on loopback only: requests/s and p50/p95/p99 latency of the first employeeProspects page
 * of a 10,000-employee client, and of `{ __typename }` as the framework's ceiling.
 */
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

function post(agent: Agent, port: number, body: string, token: string): Promise<{ ok: boolean }> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ ok: res.statusCode === 200 && !text.includes('"errors"') }));
      },
    );
    req.on('error', () => resolve({ ok: false }));
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Runs `clients` request loops for `seconds`, each sending the next request when the last answers. */
export async function load(port: number, token: string, query: string, variables: Record<string, unknown>, clients = 16, seconds = 20): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const body = JSON.stringify({ query, variables });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const { ok } = await post(agent, port, body, token);
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}
