import { refuseUnknownManager, tokenCommandManagerId } from '../../src/auth/token-command';
import { BankFactory } from '../factories/bank.factory';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('npm run token against the database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await new BankFactory(await db.dataSource()).manager({ externalId: 'KNOWN-RM-1', role: 'RETAIL_RM' });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses an unknown manager id with a clear message and exit code 1', async () => {
    const err: string[] = [];
    expect(await refuseUnknownManager('NOBODY-1', db.url, { out: () => undefined, err: (l) => err.push(l) })).toBe(1);
    expect(err).toEqual([expect.stringMatching(/no manager has the external id NOBODY-1/)]);
  });

  it('lets a known manager through', async () => {
    expect(await refuseUnknownManager('KNOWN-RM-1', db.url, { out: () => undefined, err: () => undefined })).toBeUndefined();
  });

  it('checks only well-formed commands', () => {
    expect(tokenCommandManagerId(['KNOWN-RM-1', '--ttl', '5'])).toBe('KNOWN-RM-1');
    expect(tokenCommandManagerId(['a', 'b'])).toBeUndefined();
    expect(tokenCommandManagerId([])).toBeUndefined();
  });
});
