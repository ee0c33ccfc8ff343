/**
 * An explicit null for an optional argument means the same as leaving it out: `after: null` is what
 * Apollo Client and Relay send for a first page. Every paged query of the schema, and every
 * optional argument of it, is sent as null and compared with the same query without it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isNonNullType } from 'graphql';
import { RefresherService } from '../../src/refresh/refresher.service';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'src', 'schema.gql'), 'utf8'));
const query = schema.getQueryType()!.getFields();

describe('null arguments mean absent ones', () => {
  let db: TestDatabase;
  let api: TestApp;
  let asker: Record<string, { client: GqlClient; required: Record<string, unknown>; selection: string }>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const bank = new BankFactory(await db.dataSource());
    api = await createTestApp(db.url);
    const branch = await bank.branch();
    const bm = api.signInAs(await bank.manager({ branchId: branch.id, role: 'BRANCH_MANAGER' }));
    const admin = await api.signIn('ADMIN');
    const system = await api.signIn('SYSTEM');
    const client = await bank.corporateClient({ branchId: branch.id });
    for (let i = 0; i < 3; i++) {
      const person = await bank.person({ branchId: branch.id });
      await bank.employment(person, client, { monthlySalary: '4000.00', salaryPaidHere: true, startDate: '2019-03-01' });
    }
    await api.app.get(RefresherService).refresh();
    await bm.gql('{ employeeProspects(corporateClientId: "' + client.id + '", first: 1) { totalCount } }'); // an audit event to list
    const page = 'totalCount pageInfo { hasNextPage endCursor }';
    asker = {
      employeeProspects: { client: bm, required: { corporateClientId: client.id }, selection: page },
      executiveLeads: { client: bm, required: {}, selection: page },
      corporateLeads: { client: bm, required: {}, selection: page },
      myClients: { client: bm, required: {}, selection: page },
      auditLog: { client: admin, required: {}, selection: 'pageInfo { hasNextPage endCursor } edges { node { action } }' },
      opportunityChanges: { client: system, required: {}, selection: 'pageInfo { hasNextPage endCursor } changes { cursor kind }' },
    };
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const paged = Object.values(query).filter((f) => f.args.some((a) => a.name === 'after'));

  it('knows how to ask every paged query', () => {
    expect(paged.map((f) => f.name).sort()).toEqual(Object.keys(asker).sort());
  });

  it.each(paged.map((f) => [f.name]))('answers %s with null optional arguments as without them', async (name) => {
    const field = query[name]!;
    const { client, required, selection } = asker[name]!;
    const optional = field.args.filter((a) => !isNonNullType(a.type));
    const call = (args: Record<string, unknown>) => {
      const used = field.args.filter((a) => a.name in args);
      const vars = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      return client.gql(`query${vars ? `(${vars})` : ''} { ${name}${used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''} { ${selection} } }`, args);
    };
    const without = await call(required);
    expect(without.errors).toBeUndefined();
    expect(optional.map((a) => a.name)).toContain('after');
    for (const arg of optional.filter((a) => !(a.name in required))) {
      const withNull = await call({ ...required, [arg.name]: null });
      expect({ arg: arg.name, errors: withNull.errors }).toEqual({ arg: arg.name, errors: undefined });
      expect(withNull.data).toEqual(without.data);
    }
    const allNull = await call({ ...required, ...Object.fromEntries(optional.filter((a) => !(a.name in required)).map((a) => [a.name, null])) });
    expect(allNull.errors).toBeUndefined();
    expect(allNull.data).toEqual(without.data);
  });
});
