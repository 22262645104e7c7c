import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { AppModule } from '../app.module';
import { WorkerModule } from '../worker.module';
import { APP_OPTIONS, configureApp } from './configure-app';
import { closeOnSignals } from './lifecycle';

const log = (message: string) => process.stdout.write(`[beacon] ${message}\n`);

export async function startApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), APP_OPTIONS);
  configureApp(app);
  closeOnSignals(app, config.env.BEACON_SHUTDOWN_GRACE_MS, log);
  await app.listen(config.env.BEACON_HTTP_PORT, config.env.BEACON_HTTP_HOST);
  log(
    `${config.role === 'all' ? 'api + worker' : 'api'} listening on ${await app.getUrl()} ` +
      `(clinical mode: ${config.env.BEACON_CLINICAL_MODE})`,
  );
  return app;
}

export async function startWorker(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  closeOnSignals(app, config.env.BEACON_SHUTDOWN_GRACE_MS, log);
  await app.init();
  log(`worker started (clinical mode: ${config.env.BEACON_CLINICAL_MODE})`);
}
