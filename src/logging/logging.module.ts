import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

/** Structured JSON logs (pino). Tokens and signatures are redacted; request bodies are never logged. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      // nestjs-pino 4.6.1 (pinned for Node 20, docs/decisions.md) types these as required on Nest 12.
      imports: [],
      providers: [],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.env.BEACON_LOG_LEVEL,
          base: { service: 'beacon', role: config.role },
          redact: ['req.headers.authorization', 'req.headers["x-signature"]', 'req.headers.cookie'],
          autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              // The sign-in callback's query carries a one-time authorization code: never logged.
              url: req.url.startsWith('/auth/callback') ? '/auth/callback' : req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
