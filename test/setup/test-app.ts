/** The real application on a test database, driven over HTTP with real GraphQL requests. */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { createLogger } from '../../src/common/logger';
import { configureHttp } from '../../src/common/configure-http';

export interface TestApp {
  app: INestApplication;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ status: number; data?: T; errors?: any[] }>;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function createTestApp(databaseUrl: string, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: 'error', ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ config, databaseUrl })] }).compile();
  const app = moduleRef.createNestApplication({ logger: createLogger(config) });
  configureHttp(app, config);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    async gql(query, variables) {
      const res = await request(server).post('/graphql').set('content-type', 'application/json').send({ query, variables });
      return { status: res.status, data: res.body.data, errors: res.body.errors };
    },
    close: () => app.close(),
  };
}
