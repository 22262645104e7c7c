import { join } from 'node:path';
import type { NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { authenticateBeforeBody } from '../auth/authenticate-before-body';
import { TokenService } from '../auth/token.service';
import { AppConfig } from '../config/app-config';
import { FHIR_JSON_TYPES } from '../fhir/fhir-content-type.middleware';
import { IntakeAdmission } from '../fhir/intake/intake-admission';
import { refuseUnsafeJsonText } from '../fhir/validation/json-text';
import { HttpError } from '../http/http-error';
import { WardSocketAdapter } from '../gateway/ward-socket.adapter';
import { WEB_ROOT } from '../web-pages/web-pages.controller';

/** Options for NestFactory.create: the raw body is kept (notification signatures are over the exact bytes). */
export const APP_OPTIONS: NestApplicationOptions = { bufferLogs: true, bodyParser: false, rawBody: true };

/** BEACON_TRUST_PROXY as express wants it: a boolean, a number of hops, or the list of trusted addresses. */
export function trustProxy(setting: string): boolean | number | string {
  if (setting === 'true' || setting === 'false') return setting === 'true';
  if (/^\d+$/.test(setting)) return Number(setting);
  return setting;
}

/** HTTP settings shared by src/main.ts and the e2e tests, so tests exercise what production runs. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // Before any body is read: who is asking (an unauthenticated request never gets its body parsed).
  app.use(authenticateBeforeBody(app.get(TokenService), config));
  // An intake request Beacon is too busy to take is refused before its body is read (503, Retry-After).
  app.use(app.get(IntakeAdmission).atTheDoor());
  // FHIR JSON up to the configured limit (413 beyond it); the token endpoint's form body is small.
  app.useBodyParser('json', {
    type: FHIR_JSON_TYPES,
    limit: config.env.BEACON_FHIR_BODY_LIMIT_BYTES,
    strict: true,
  });
  // Duplicate keys, invalid UTF-8, lone surrogates and deep nesting: refused before any route sees the body.
  app.use(refuseUnsafeJsonText);
  app.useBodyParser('urlencoded', { extended: false, limit: 16 * 1024 });
  app.use(helmet());
  app.useWebSocketAdapter(new WardSocketAdapter(app));
  // Source maps stay on the server: served, they would publish the screens' source (issue 15, finding 7).
  app.use('/assets', (request: Request, _response: Response, next: NextFunction) =>
    next(request.path.endsWith('.map') ? HttpError.of(404, 'not found') : undefined),
  );
  // The screens' scripts and styles: content-hashed names, so they can be cached for good.
  app.useStaticAssets(join(WEB_ROOT, 'assets'), {
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(config.env.BEACON_TRUST_PROXY));
  return app;
}
