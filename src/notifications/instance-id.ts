import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** This process's identity among the instances sharing one database: host, pid and a random part. */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
