/**
 * Concurrent upserts of one new external id for different owners: exactly one wins, every other
 * answers CONFLICT, and the row keeps its first owner (the owner check and the write are one
 * statement). Concurrent upserts of the same record by the same owner all succeed.
 */
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const RACERS = 20;

describe('upsert races', () => {
  let db: TestDatabase;
  let api: TestApp;
  let system: GqlClient;
  let persons: { id: string; externalId: string }[];
  let clientExternalId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const bank = new BankFactory(await db.dataSource());
    api = await createTestApp(db.url, { DATABASE_POOL_SIZE: String(RACERS) });
    system = await api.signIn('SYSTEM');
    const branch = await bank.branch();
    const client = await bank.corporateClient({ branchId: branch.id });
    clientExternalId = client.externalId;
    persons = [];
    for (let i = 0; i < RACERS; i++) persons.push(await bank.person({ branchId: branch.id }));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const codes = (results: { errors?: any[] }[]) => results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');

  it('lets one of 20 concurrent upsertEmployment calls for different persons win and answers CONFLICT to the rest', async () => {
    // A few rounds: the losing interleavings are likely in one, certain in several.
    for (let round = 1; round <= 3; round++) {
      const results = await Promise.all(
        persons.map((p) =>
          system.gql('mutation($i: UpsertEmploymentInput!) { upsertEmployment(input: $i) { id externalId } }', {
            i: { externalId: `E-RACE-${round}`, personExternalId: p.externalId, corporateClientExternalId: clientExternalId, role: 'EMPLOYEE', startDate: '2020-01-01' },
          }),
        ),
      );
      expect(codes(results).sort()).toEqual([...Array(RACERS - 1).fill('CONFLICT'), 'OK']);
      const winner = persons[codes(results).indexOf('OK')]!;
      const rows = await (await db.dataSource()).query('SELECT person_id FROM employments WHERE external_id = $1', [`E-RACE-${round}`]);
      expect(rows).toEqual([{ person_id: winner.id }]);
    }
  });

  it('lets one of 20 concurrent upsertHolding calls for different persons win and answers CONFLICT to the rest', async () => {
    // A few rounds: the losing interleavings are likely in one, certain in several.
    for (let round = 1; round <= 3; round++) {
      const results = await Promise.all(
        persons.map((p) =>
          system.gql('mutation($i: UpsertHoldingInput!) { upsertHolding(input: $i) { id } }', {
            i: { externalId: `H-RACE-${round}`, productCode: 'TERM_DEPOSIT', personExternalId: p.externalId, openedAt: '2020-01-01', balance: '100.00' },
          }),
        ),
      );
      expect(codes(results).sort()).toEqual([...Array(RACERS - 1).fill('CONFLICT'), 'OK']);
      const winner = persons[codes(results).indexOf('OK')]!;
      const rows = await (await db.dataSource()).query('SELECT person_id FROM holdings WHERE external_id = $1', [`H-RACE-${round}`]);
      expect(rows).toEqual([{ person_id: winner.id }]);
    }
  });

  it('accepts 20 concurrent upserts of one record by its own owner, and of one new person', async () => {
    const owner = persons[0]!;
    const employments = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        system.gql('mutation($i: UpsertEmploymentInput!) { upsertEmployment(input: $i) { id title } }', {
          i: { externalId: 'E-SAME-OWNER-1', personExternalId: owner.externalId, corporateClientExternalId: clientExternalId, role: 'EMPLOYEE', startDate: '2020-01-01', title: `Title ${i}` },
        }),
      ),
    );
    expect({ codes: codes(employments), messages: employments.map((r) => r.errors?.[0]?.message).filter(Boolean).slice(0, 2) }).toEqual({ codes: Array(RACERS).fill('OK'), messages: [] });
    const people = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        system.gql('mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }', { i: { externalId: 'P-RACE-NEW', fullName: `Racer ${i}`, birthDate: '1990-01-01' } }),
      ),
    );
    expect(codes(people)).toEqual(Array(RACERS).fill('OK'));
    expect(new Set(people.map((r) => r.data.upsertPerson.id)).size).toBe(1);
  });
});
