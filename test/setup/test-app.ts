/** The real application on a test database, driven over HTTP with real GraphQL requests. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { createLogger, createRootLogger } from '../../src/common/logger';
import { configureHttp } from '../../src/common/configure-http';
import { signManagerToken } from '../../src/auth/auth.service';
import type { ManagerRole } from '../../src/managers/manager-role';

/** The secret the test applications verify tokens with. */
export const TEST_JWT_SECRET = 'test-suite-secret-0123456789abcdefghijklmnop';

export type GqlResult<T = any> = { status: number; data?: T; errors?: any[] };

/** A signed-in manager: GraphQL requests carry their token. */
export interface GqlClient {
  readonly managerId: string;
  readonly externalId: string;
  readonly role: ManagerRole;
  readonly token: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
}

export interface TestApp {
  app: INestApplication;
  /** As the client given to `actAs` (or without a token when none was). */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** Sends one request with this token (or none). */
  gqlWithToken<T = any>(token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** Creates a manager of this role (in this branch) and signs them in. */
  signIn(role: ManagerRole, options?: { branchId?: string | null; externalId?: string }): Promise<GqlClient>;
  /** Signs in an existing manager. */
  signInAs(manager: { id: string; externalId: string; role: ManagerRole }): GqlClient;
  /** Makes `gql` act as this client. */
  actAs(client: GqlClient | undefined): void;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function createTestApp(databaseUrl: string, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: 'error', JWT_SECRET: TEST_JWT_SECRET, RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_SYSTEM_PER_MINUTE: '0', ...env });
  const root = createRootLogger(config);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ config, databaseUrl, logger: root })] }).compile();
  const app = moduleRef.createNestApplication({ logger: createLogger(root) });
  configureHttp(app, config);
  try {
    await app.init();
  } catch (error) {
    // What started before the failure (the job queue, listeners) stops with it.
    await app.close().catch(() => undefined);
    throw error;
  }
  const server = app.getHttpServer();
  const send = async (token: string | undefined, query: string, variables?: Record<string, unknown>) => {
    const req = request(server).post('/graphql').set('content-type', 'application/json');
    if (token !== undefined) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body.data, errors: res.body.errors };
  };
  const signInAs = (m: { id: string; externalId: string; role: ManagerRole }): GqlClient => {
    const token = signManagerToken(m.externalId, config.JWT_SECRET ?? TEST_JWT_SECRET, 60);
    return { managerId: m.id, externalId: m.externalId, role: m.role, token, gql: (q, v) => send(token, q, v) };
  };
  let acting: GqlClient | undefined;
  return {
    app,
    http: () => request(server),
    gql: (query, variables) => send(acting?.token, query, variables),
    gqlWithToken: send,
    signInAs,
    async signIn(role, options = {}) {
      const externalId = options.externalId ?? `T-${role}-${randomUUID().slice(0, 8)}`;
      const [row] = await app.get(DataSource).query(
        `INSERT INTO managers (external_id, name, role, branch_id) VALUES ($1, $2, $3, $4) RETURNING id`,
        [externalId, `Test ${role}`, role, options.branchId ?? null],
      );
      return signInAs({ id: row.id, externalId, role });
    },
    actAs(client) {
      acting = client;
    },
    close: () => app.close(),
  };
}
