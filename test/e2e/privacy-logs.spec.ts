/**
 * Logs never carry what a caller sent: every mutation is driven with inputs that validation or the
 * database refuses (NUL characters, strings and amounts overflowing their column, dates in the
 * wrong order, a row a table constraint refuses), everything the application writes (stdout,
 * stderr, console) is captured at the most verbose level, and no value of any input may appear in
 * it. Request logs carry a correlation id on every line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { RefresherService } from '../../src/refresh/refresher.service';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'src', 'schema.gql'), 'utf8'));

/** Looks like nothing the service writes by itself. */
const marker = (n: number) => `Qx${n}Zv${(n * 7919).toString(36)}Wk`;
/** Shown by a font as one character, counted by PostgreSQL as two (a letter and a variation selector). */
const wide = (count: number) => 'a\uFE0F'.repeat(count);

type Case = { name: string; as: 'system' | 'admin' | 'crm' | 'ruleAdmin'; query: string; variables: Record<string, unknown>; expected: string };

describe('privacy: no input value reaches the logs', () => {
  let db: TestDatabase;
  let api: TestApp;
  let clients: Record<Case['as'], GqlClient>;
  let cases: Case[];
  const captured: string[] = [];
  const originals = {
    out: process.stdout.write,
    err: process.stderr.write,
    console: { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug },
  };

  function capture(): void {
    const tap = (original: typeof process.stdout.write) =>
      function (this: NodeJS.WriteStream, chunk: string | Uint8Array, ...rest: unknown[]) {
        captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
      } as typeof process.stdout.write;
    process.stdout.write = tap(originals.out);
    process.stderr.write = tap(originals.err);
    for (const name of Object.keys(originals.console) as (keyof typeof originals.console)[]) {
      console[name] = (...args: unknown[]) => void captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    }
  }
  function release(): void {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
    Object.assign(console, originals.console);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = await db.dataSource();
    const bank = new BankFactory(ds);
    capture();
    api = await createTestApp(db.url, { LOG_LEVEL: 'verbose', LOG_FORMAT: 'json' });
    const branch = await bank.branch({ externalId: 'BR-LOG-1' });
    const rm = await bank.manager({ branchId: branch.id, role: 'CORPORATE_RM' });
    const client = await bank.corporateClient({ externalId: 'CC-LOG-1', branchId: branch.id, corporateRmId: rm.id });
    const person = await bank.person({ externalId: 'P-LOG-1', branchId: branch.id });
    await bank.employment(person, client, { monthlySalary: '4000.00', salaryPaidHere: true, startDate: '2019-03-01' });
    await api.app.get(RefresherService).refresh();
    const [opportunity] = await ds.query('SELECT id FROM opportunities WHERE party_id = $1 LIMIT 1', [person.id]);
    clients = {
      system: await api.signIn('SYSTEM'),
      admin: await api.signIn('ADMIN'),
      crm: api.signInAs(rm),
      ruleAdmin: await api.signIn('RULE_ADMIN'),
    };
    // A rule only the database knows, so that a write gets as far as PostgreSQL and is refused there
    // (the server's error then quotes the whole failing row).
    await api.app.get(DataSource).query(`ALTER TABLE persons ADD CONSTRAINT "CHK_test_refused_name" CHECK (full_name NOT LIKE 'Refused%')`);

    const person_ = (i: Record<string, unknown>) => ({
      query: 'mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }',
      variables: { i: { externalId: 'P-LOG-2', fullName: 'Dana Log', birthDate: '1980-01-01', ...i } },
    });
    const employment = (i: Record<string, unknown>) => ({
      query: 'mutation($i: UpsertEmploymentInput!) { upsertEmployment(input: $i) { id } }',
      variables: { i: { externalId: 'E-LOG-2', personExternalId: 'P-LOG-1', corporateClientExternalId: 'CC-LOG-1', role: 'EMPLOYEE', startDate: '2020-01-01', ...i } },
    });
    const holding = (i: Record<string, unknown>) => ({
      query: 'mutation($i: UpsertHoldingInput!) { upsertHolding(input: $i) { id } }',
      variables: { i: { externalId: 'H-LOG-2', productCode: 'TERM_DEPOSIT', personExternalId: 'P-LOG-1', openedAt: '2020-01-01', ...i } },
    });
    const company = (i: Record<string, unknown>) => ({
      query: 'mutation($i: UpsertCorporateClientInput!) { upsertCorporateClient(input: $i) { id } }',
      variables: { i: { externalId: 'CC-LOG-2', name: 'Log Co', industry: 'IT', sizeBand: 'SMALL', branchExternalId: 'BR-LOG-1', relationshipSince: '2020-01-01', ...i } },
    });
    const branch_ = (i: Record<string, unknown>) => ({
      query: 'mutation($i: UpsertBranchInput!) { upsertBranch(input: $i) { id } }',
      variables: { i: { externalId: 'BR-LOG-2', name: 'Log Branch', city: 'Logtown', ...i } },
    });
    const manager = (i: Record<string, unknown>) => ({
      query: 'mutation($i: UpsertManagerInput!) { upsertManager(input: $i) { id } }',
      variables: { i: { externalId: 'M-LOG-2', name: 'Log Manager', role: 'RETAIL_RM', branchExternalId: 'BR-LOG-1', ...i } },
    });
    const product = (i: Record<string, unknown>) => ({
      query: 'mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { code } }',
      variables: { i: { code: 'LOG_PRODUCT', name: 'Log product', category: 'DEPOSIT', audience: 'PERSON', value: '10.00', ...i } },
    });
    const outcome = (i: Record<string, unknown>) => ({
      query: 'mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status } }',
      variables: { i: { opportunityId: opportunity.id, outcome: 'CONTACTED', idempotencyKey: 'log-key-0001', ...i } },
    });
    let n = 0;
    const m = () => marker(++n);
    const bad = 'BAD_USER_INPUT';
    cases = [
      { name: 'a NUL in a name', as: 'system', ...person_({ fullName: `${m()}\u0000${m()}`, email: `${m()}@example.org`, phone: '+1 555 0100 42' }), expected: bad },
      { name: 'a national id longer than its column', as: 'system', ...person_({ nationalId: `${m()}${'9'.repeat(40)}`, email: `${m()}@example.org` }), expected: bad },
      { name: 'a name of 200 letters with variation selectors (400 characters)', as: 'system', ...person_({ fullName: `${m()}${wide(190)}` }), expected: bad },
      { name: 'an income overflowing its column', as: 'system', ...person_({ monthlyIncome: '9876543210987.65', fullName: m() }), expected: bad },
      { name: 'a name the database refuses', as: 'system', ...person_({ fullName: `Refused ${m()}`, nationalId: m(), email: `${m()}@example.org`, aum: '7654321.98' }), expected: bad },
      { name: 'an employment ending before it starts', as: 'system', ...employment({ title: m(), endDate: '2019-12-31', monthlySalary: '6543.21' }), expected: bad },
      { name: 'a NUL in a job title', as: 'system', ...employment({ title: `${m()}\u0000` }), expected: bad },
      { name: 'a salary overflowing its column', as: 'system', ...employment({ monthlySalary: '8765432109876.54', title: m() }), expected: bad },
      { name: 'a holding closed before it opened', as: 'system', ...holding({ closedAt: '2019-01-01', balance: '5432.19' }), expected: bad },
      { name: 'a NUL in a product code', as: 'system', ...holding({ productCode: `${m()}\u0000` }), expected: bad },
      { name: 'a NUL in a company name', as: 'system', ...company({ name: `${m()}\u0000${m()}` }), expected: bad },
      { name: 'a company name longer than its column', as: 'system', ...company({ name: `${m()}${wide(150)}` }), expected: bad },
      { name: 'a NUL in a city', as: 'admin', ...branch_({ city: `${m()}\u0000` }), expected: bad },
      { name: 'a branch name longer than its column', as: 'admin', ...branch_({ name: `${m()}${wide(150)}` }), expected: bad },
      { name: 'a NUL in a manager name', as: 'admin', ...manager({ name: `\u0000${m()}` }), expected: bad },
      { name: 'a NUL in a product description', as: 'admin', ...product({ description: `${m()}\u0000${m()}` }), expected: bad },
      { name: 'a product name longer than its column', as: 'admin', ...product({ name: `${m()}${wide(150)}` }), expected: bad },
      { name: 'a NUL in an outcome note', as: 'crm', ...outcome({ note: `${m()}\u0000${m()}` }), expected: bad },
      { name: 'a note longer than its column', as: 'crm', ...outcome({ note: `${m()}${wide(1500)}` }), expected: bad },
      { name: 'a NUL in an idempotency key', as: 'crm', ...outcome({ idempotencyKey: `${m()}\u0000` }), expected: bad },
      { name: 'a refresh of a client that is no uuid', as: 'system', query: 'mutation($c: ID) { refreshOpportunities(corporateClientId: $c) { jobId } }', variables: { c: `${m()}\u0000` }, expected: bad },
      {
        name: 'a batch of persons with a NUL in one name',
        as: 'system',
        query: 'mutation($i: [UpsertPersonInput!]!) { upsertPersons(inputs: $i) { outcome } }',
        variables: { i: [{ externalId: 'P-LOG-B1', fullName: `${m()}\u0000`, birthDate: '1980-01-01', email: `${m()}@example.org` }] },
        expected: bad,
      },
      {
        name: 'a batch of employments with a NUL in a title',
        as: 'system',
        query: 'mutation($i: [UpsertEmploymentInput!]!) { upsertEmployments(inputs: $i) { outcome } }',
        variables: { i: [{ externalId: 'E-LOG-B1', personExternalId: 'P-LOG-1', corporateClientExternalId: 'CC-LOG-1', role: 'EMPLOYEE', title: `${m()}\u0000`, monthlySalary: '7654.21', startDate: '2020-01-01' }] },
        expected: bad,
      },
      {
        name: 'a batch of holdings with a NUL in a product code',
        as: 'system',
        query: 'mutation($i: [UpsertHoldingInput!]!) { upsertHoldings(inputs: $i) { outcome } }',
        variables: { i: [{ externalId: 'H-LOG-B1', productCode: `${m()}\u0000`, personExternalId: 'P-LOG-1', openedAt: '2020-01-01', balance: '8765.43' }] },
        expected: bad,
      },
      {
        name: 'a batch of companies with a NUL in a name',
        as: 'system',
        query: 'mutation($i: [UpsertCorporateClientInput!]!) { upsertCorporateClients(inputs: $i) { outcome } }',
        variables: { i: [{ externalId: 'CC-LOG-B1', name: `${m()}\u0000`, industry: 'RETAIL', sizeBand: 'SMALL', branchExternalId: 'BR-LOG-1', relationshipSince: '2020-01-01' }] },
        expected: bad,
      },
      { name: 'a rule reload (no input)', as: 'ruleAdmin', query: 'mutation { reloadRules { applied } }', variables: {}, expected: 'none' },
    ];
  });
  afterAll(async () => {
    release();
    await api?.close();
    await db?.drop();
  });

  /** Every text an input holds, split at NUL characters (a value may be logged in parts). */
  const valuesOf = (value: unknown): string[] =>
    typeof value === 'string'
      ? value.split('\u0000').filter((part) => part.length >= 4 && !/^(a\uFE0F)+$/.test(part) && !/^\d{4}-\d{2}-\d{2}$/.test(part))
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(valuesOf)
        : [];

  it('covers every mutation of the schema', () => {
    const covered = new Set(cases.map((c) => /\{\s*(\w+)/.exec(c.query)![1]));
    expect([...covered].sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort());
  });

  it('refuses each bad input as BAD_USER_INPUT and logs none of its values', async () => {
    const answers: Record<string, string> = {};
    for (const c of cases) {
      const res = await clients[c.as].gql(c.query, c.variables);
      answers[c.name] = res.errors?.[0]?.extensions?.code ?? 'none';
    }
    expect(answers).toEqual(Object.fromEntries(cases.map((c) => [c.name, c.expected])));
    const logs = captured.join('\n');
    expect(logs).toMatch(/"msg":"request completed"/); // the capture works: request logs are in it
    expect(logs).toMatch(/CHK_test_refused_name/); // the refused write was logged, by its constraint
    const leaked = cases.flatMap((c) => valuesOf(c.variables).filter((v) => !/^(P|E|H|CC|BR|M)-LOG-\d$|^(TERM_DEPOSIT|EMPLOYEE|RETAIL_RM|CONTACTED|IT|SMALL)$/.test(v)).filter((v) => logs.includes(v)).map((v) => `${c.name}: ${v}`));
    expect(leaked).toEqual([]);
    // Nor the words a database error would quote.
    expect(logs).not.toMatch(/Failing row contains|violates check constraint|invalid byte sequence|"parameters"|"detail"/);
  });

  it('echoes a clean x-request-id, replaces a dirty one, and writes it on every line of the request', async () => {
    const query = { query: 'mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }', variables: { i: { externalId: 'P-LOG-3', fullName: 'Refused Id Test', birthDate: '1980-01-01' } } };
    const send = (id?: string) => {
      const req = api.http().post('/graphql').set('authorization', `Bearer ${clients.system.token}`).set('content-type', 'application/json');
      if (id !== undefined) req.set('x-request-id', id);
      return req.send(query);
    };
    const before = captured.length;
    const given = await send('trace-4711.abc');
    expect(given.headers['x-request-id']).toBe('trace-4711.abc');
    const lines = captured.slice(before).join('').split('\n').filter((l) => l.includes('trace-4711.abc'));
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(expect.arrayContaining(['request completed', expect.stringMatching(/query failed/)]));
    for (const line of lines) expect(JSON.parse(line).reqId).toBe('trace-4711.abc');

    const generated = await send();
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const dirty = await send(`evil\tid ${'x'.repeat(300)}`);
    expect(dirty.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unauthenticated = await api.http().post('/graphql').set('x-request-id', 'no-token-1').send({ query: '{ __typename }' });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers['x-request-id']).toBe('no-token-1');
  });
});
