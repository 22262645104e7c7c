import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap/configure-app';
import type { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/app-config';
import { createTestDatabase, dropDatabase, queuePrefix } from './test-database';

export interface TestBeacon {
  readonly app: NestExpressApplication;
  readonly config: AppConfig;
  readonly url: string;
  readonly database: { name: string; url: string };
  close(): Promise<void>;
}

/**
 * The real api (and worker, with BEACON_ROLE=all) on an ephemeral loopback port, with its own database and queue
 * prefix, configured exactly as src/main.ts configures it.
 */
export async function startTestBeacon(env: Record<string, string> = {}): Promise<TestBeacon> {
  const database = await createTestDatabase();
  const config = loadConfig({
    ...process.env,
    BEACON_LOG_LEVEL: 'warn',
    BEACON_DATABASE_URL: database.url,
    BEACON_QUEUE_PREFIX: queuePrefix(),
    BEACON_HTTP_PORT: '0',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    config,
    url,
    database,
    close: async () => {
      await app.close();
      await dropDatabase(database.name);
    },
  };
}
