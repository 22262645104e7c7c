import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp } from '../../src/bootstrap/configure-app';
import type { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/app-config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisteredClient } from '../../src/config/clients.schema';
import request from 'supertest';
import type { Vitals } from './clinical';
import { TEST_TOKEN_SECRET, admissionBundle, minutesAgo } from './clinical';
import { freePort } from './private-redis';
import { createTestDatabase, dropDatabase, queuePrefix } from './test-database';

export interface TestBeacon {
  readonly app: NestExpressApplication;
  readonly config: AppConfig;
  readonly url: string;
  readonly database: {
    name: string;
    url: string;
    query: <T = Record<string, unknown>>(sql: string, parameters?: unknown[]) => Promise<T[]>;
  };
  close(): Promise<void>;
}

/**
 * The real api (and worker, with BEACON_ROLE=all) on an ephemeral loopback port, with its own database and queue
 * prefix, configured exactly as src/main.ts configures it.
 */
export async function startTestBeacon(
  env: Record<string, string> = {},
  options: { clients?: RegisteredClient[]; database?: { name: string; url: string } } = {},
): Promise<TestBeacon> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(env, options);
    } catch (error) {
      // Another test process can take the free port between choosing it and listening on it: choose another.
      const inUse = (error as { code?: unknown } | null)?.code === 'EADDRINUSE';
      if (!inUse || attempt >= 3 || env.BEACON_HTTP_PORT) throw error;
    }
  }
}

async function startOnce(
  env: Record<string, string>,
  options: { clients?: RegisteredClient[]; database?: { name: string; url: string } },
): Promise<TestBeacon> {
  const database = options.database ?? (await createTestDatabase());
  const port = env.BEACON_HTTP_PORT ? Number(env.BEACON_HTTP_PORT) : await freePort();
  const clientsFile = join(mkdtempSync(join(tmpdir(), 'beacon-clients-')), 'clients.json');
  writeFileSync(clientsFile, JSON.stringify({ clients: options.clients ?? [] }));
  const config = loadConfig({
    ...process.env,
    BEACON_LOG_LEVEL: 'warn',
    BEACON_DATABASE_URL: database.url,
    BEACON_QUEUE_PREFIX: queuePrefix(),
    BEACON_HTTP_PORT: String(port),
    BEACON_PUBLIC_URL: `http://127.0.0.1:${port}`,
    BEACON_CLIENTS_FILE: clientsFile,
    BEACON_TOKEN_SECRET: TEST_TOKEN_SECRET,
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(APP_OPTIONS);
  configureApp(app);
  try {
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    // A Beacon that fails to start must not leave connections open (jest would hang instead of failing).
    await app.close().catch(() => undefined);
    if (!options.database) await dropDatabase(database.name);
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    url,
    database: { ...database, query: (sql, parameters) => dataSource.query(sql, parameters) },
    close: async () => {
      await app.close();
      if (!options.database) await dropDatabase(database.name);
    },
  };
}

/** Beacon's own patient id for the id an EPR gave the patient (undefined until intake has stored her). */
export async function patientIdOf(beacon: TestBeacon, sourceId: string): Promise<string | undefined> {
  const [row] = await beacon.database.query<{ patient_id: string }>(
    'SELECT patient_id FROM patient_identity WHERE source_id = $1',
    [sourceId],
  );
  return row?.patient_id;
}

/** Posts an EPR transaction Bundle to /fhir with the EPR's token; the response, for the test to check. */
export function postBundle(beacon: TestBeacon, eprToken: string, bundle: unknown): request.Test {
  return request(beacon.url)
    .post('/fhir')
    .set('Authorization', `Bearer ${eprToken}`)
    .type('application/fhir+json')
    .send(JSON.stringify(bundle));
}

/** Admits a patient to a ward and bed with one observation set taken a minute ago; Beacon's id for her. */
export async function admitPatient(
  beacon: TestBeacon,
  eprToken: string,
  admission: { sourceId: string; ward: string; vitals: Vitals; bed: string },
): Promise<string> {
  const { sourceId, ward, vitals, bed } = admission;
  const response = await postBundle(
    beacon,
    eprToken,
    admissionBundle(sourceId, ward, vitals, minutesAgo(1), bed),
  );
  if (response.status !== 200)
    throw new Error(`admission of ${sourceId} refused: ${response.status} ${response.text}`);
  return (await patientIdOf(beacon, sourceId)) as string;
}
