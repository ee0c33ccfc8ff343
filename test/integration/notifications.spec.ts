import type { DataSource } from 'typeorm';
import { NotificationsService } from '../../src/notifications/notifications.service';
import type { Delivered } from '../../src/notifications/notification';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Two listeners on one database stand for two instances of the service. */
describe('notification channel between instances', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let a: NotificationsService;
  let b: NotificationsService;

  const next = <T>(subscribe: (resolve: (value: T) => void) => void, ms = 3000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no notification within the time')), ms);
      subscribe((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
    a = new NotificationsService(ds);
    b = new NotificationsService(ds);
    await a.onApplicationBootstrap();
    await b.onApplicationBootstrap();
  });
  afterAll(async () => {
    await a?.onApplicationShutdown();
    await b?.onApplicationShutdown();
    await db?.drop();
  });

  it('delivers what one instance publishes to the other, with the sender as origin', async () => {
    const got = next<Delivered<'rules.published'>>((resolve) => {
      const off = b.on('rules.published', (n) => {
        off();
        resolve(n);
      });
    });
    await a.publish({ kind: 'rules.published', version: 'abc123' });
    const n = await got;
    expect(n.version).toBe('abc123');
    expect(n.origin).toBe(a.instanceId);
  });

  it('sends a notification published in a transaction only when it commits', async () => {
    const seen: string[] = [];
    const off = b.on('opportunities.changed', (n) => void seen.push((n.companyIds ?? []).join(',')));
    await ds
      .transaction(async (manager) => {
        await a.publish({ kind: 'opportunities.changed', companyIds: ['rolled-back'] }, manager);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const committed = next<void>((resolve) => {
      const stop = b.on('opportunities.changed', (n) => {
        if (n.companyIds?.[0] === 'committed') {
          stop();
          resolve();
        }
      });
    });
    await ds.transaction((manager) => a.publish({ kind: 'opportunities.changed', companyIds: ['committed'] }, manager));
    await committed;
    off();
    expect(seen).toEqual(['committed']);
  });

  it('re-opens a lost listening connection and tells subscribers to resynchronise', async () => {
    const resynced = next<void>((resolve) => {
      const off = b.on('resync', () => {
        off();
        resolve();
      });
    }, 8000);
    await ds.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cross-sell-engine:notifications' AND datname = current_database()`);
    await resynced;
    await b.ready();
    const after = next<Delivered<'managers.changed'>>((resolve) => {
      const off = b.on('managers.changed', (n) => {
        off();
        resolve(n);
      });
    });
    await a.ready();
    await a.publish({ kind: 'managers.changed' });
    await expect(after).resolves.toMatchObject({ kind: 'managers.changed' });
  });
});
