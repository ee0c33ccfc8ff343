import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { OPERATION_ROLES } from '../../src/auth/access-policy';
import { MANAGER_ROLES, type ManagerRole } from '../../src/managers/manager-role';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * Random and malformed arguments for every query and mutation of the schema: the service must
 * answer each with a proper error code (never INTERNAL_SERVER_ERROR, never a 5xx), and a refused
 * mutation must write nothing.
 */
const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'src', 'schema.gql'), 'utf8'));

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', "'; DROP TABLE persons; --", '00000000-0000-4000-8000-000000000000', '2026-02-30', '-1', '1e309', 'CC-00001', 'P-00000001', '../../etc/passwd', '{{person.age}}'),
  fc.uuid().map(String),
  fc.string({ minLength: 300, maxLength: 1000 }),
);

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryFor(type.ofType, depth);
  const nullable = (a: fc.Arbitrary<unknown>) => fc.option(a, { nil: null, freq: 5 });
  if (isListType(type)) return nullable(fc.array(arbitraryFor(type.ofType, depth + 1), { maxLength: 4 }));
  const named = getNamedType(type);
  if (isEnumType(named)) return nullable(fc.constantFrom(...named.getValues().map((v) => v.value as string)));
  if (isInputObjectType(named)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(named.getFields());
    return nullable(fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f.type, depth + 1)])), { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) }));
  }
  if (isScalarType(named)) {
    switch (named.name) {
      case 'Int':
        return nullable(fc.oneof(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), fc.constantFrom(0, 1, 100, 101, -1)));
      case 'Float':
        return nullable(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 0.5, 1e12)));
      case 'Boolean':
        return nullable(fc.boolean());
      case 'Decimal':
        return nullable(fc.oneof(fc.constantFrom('0.00', '1234.50', '-5.00', '99999999999999999999.99', '1.234'), fc.integer().map(String)));
      case 'JSON':
        return nullable(fc.jsonValue());
      default:
        return nullable(nasty);
    }
  }
  return fc.constant(null);
}

function typeName(type: GraphQLInputType): string {
  return String(type);
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args as GraphQLArgument[];
  const vars = args.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ');
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  return `${kind}${vars ? `(${vars})` : ''} { ${field.name}${call} { __typename } }`;
}

/**
 * The role that takes the input furthest for an operation: SYSTEM where it may call it (bank-wide,
 * so random ids reach the lookups instead of stopping at the scope check), else the first role
 * allowed. The authorization matrix test covers the other roles.
 */
const roleFor = (operation: string): ManagerRole => {
  const roles = (OPERATION_ROLES as Record<string, readonly ManagerRole[]>)[operation] ?? ['ADMIN'];
  return roles.includes('SYSTEM') ? 'SYSTEM' : roles[0]!;
};

const TABLES = ['branches', 'managers', 'corporate_clients', 'persons', 'employments', 'holdings', 'opportunities', 'opportunity_outcomes'];

describe('random and malformed input to every operation', () => {
  let db: TestDatabase;
  let api: TestApp;
  const clients = new Map<ManagerRole, GqlClient>();

  beforeAll(async () => {
    db = await createTestDatabase();
    const bank = new BankFactory(await db.dataSource());
    const client = await bank.corporateClient({ externalId: 'CC-00001' });
    const person = await bank.person({ externalId: 'P-00000001' });
    await bank.employment(person, client);
    api = await createTestApp(db.url);
    // Every operation is fuzzed as a role allowed to call it, so the input reaches the service.
    for (const role of MANAGER_ROLES) clients.set(role, await api.signIn(role, { branchId: client.branchId }));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const fingerprint = async () => {
    const ds = await db.dataSource();
    const [row] = await ds.query(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`);
    return row;
  };

  for (const kind of ['query', 'mutation'] as const) {
    const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    for (const field of Object.values(root.getFields())) {
      if (field.args.length === 0) continue;
      it(`${kind} ${field.name} never fails with an internal error`, async () => {
        const document = operationFor(kind, field);
        const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitraryFor(a.type)])));
        await fc.assert(
          fc.asyncProperty(variables, async (vars) => {
            const before = kind === 'mutation' ? await fingerprint() : undefined;
            const res = await api
              .http()
              .post('/graphql')
              .set('content-type', 'application/json')
              .set('authorization', `Bearer ${clients.get(roleFor(field.name))!.token}`)
              .send({ query: document, variables: vars });
            expect(res.status).toBeLessThan(500);
            const errors: { extensions?: { code?: string } }[] = res.body.errors ?? [];
            for (const e of errors) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
            if (kind === 'mutation' && errors.length > 0) expect(await fingerprint()).toEqual(before);
          }),
          { numRuns: kind === 'mutation' ? 300 : 200, seed: 20261123 },
        );
      });
    }
  }
});
