import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A new identity for one instance of the service among those sharing one database: host, pid and a
 * random part (two applications in one process, as in tests, are two instances).
 */
export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
