import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

/** HTTP settings shared by src/main.ts and the e2e tests, so tests exercise what production runs. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.use(helmet());
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  return app;
}
