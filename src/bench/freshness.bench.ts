/**
 * The freshness part of `npm run bench`: how long a change takes to reach its opportunities.
 * A steady stream of person changes goes through the API (SYSTEM token) while the service's worker
 * drains the queue; each change's latency runs from its acknowledgement to the moment its person's
 * change mark is cleared (the refresh that read the change has written its decisions).
 */
import { Agent, request } from 'node:http';
import type { DataSource } from 'typeorm';

export interface LatencyResult {
  changes: number;
  reflected: number;
  errors: number;
  p50: number;
  p95: number;
  max: number;
}

function post(agent: Agent, port: number, body: string, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(res.statusCode === 200 && !text.includes('"errors"')));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const UPSERT = 'mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }';

/**
 * Sends `perSecond` upsertPerson changes a second for `seconds`, each to another person (so one
 * change is one mark), and polls every 25 ms which of the acknowledged ones are reflected.
 */
export async function changeToFresh(
  port: number,
  token: string,
  dataSource: DataSource,
  persons: { id: string; external_id: string; full_name: string; birth_date: string }[],
  perSecond: number,
  seconds: number,
): Promise<LatencyResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const acknowledged = new Map<string, number>();
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const total = Math.min(persons.length, Math.round(perSecond * seconds));
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  const poll = async () => {
    if (acknowledged.size === 0) return;
    const rows: { id: string }[] = await dataSource.query('SELECT id FROM persons WHERE id = ANY($1::uuid[]) AND refresh_change IS NULL', [[...acknowledged.keys()]]);
    const now = performance.now();
    for (const { id } of rows) {
      latencies.push(now - acknowledged.get(id)!);
      acknowledged.delete(id);
    }
  };
  const poller = (async () => {
    while (sent < total || inFlight.length > 0 || acknowledged.size > 0) {
      await poll();
      if (performance.now() - started > (seconds + 60) * 1000) break; // a stuck queue ends the measurement
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  while (sent < total) {
    const due = started + (sent / perSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const p = persons[sent++]!;
    const body = JSON.stringify({ query: UPSERT, variables: { i: { externalId: p.external_id, fullName: p.full_name, birthDate: p.birth_date, monthlyIncome: `${5000 + (sent % 997)}.37` } } });
    const request = post(agent, port, body, token).then((ok) => {
      if (ok) acknowledged.set(p.id, performance.now());
      else errors++;
      inFlight.splice(inFlight.indexOf(request), 1);
    });
    inFlight.push(request);
  }
  await Promise.all([...inFlight]);
  await poller;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { changes: total, reflected: latencies.length, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) ?? 0 };
}
