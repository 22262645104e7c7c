import type { MiddlewareConsumer, NestModule } from '@nestjs/common';
import { Module, RequestMethod } from '@nestjs/common';
import { FhirContentTypeMiddleware } from './fhir-content-type.middleware';
import { FhirModule } from './fhir.module';
import { FhirIntakeController } from './intake/fhir-intake.controller';
import { IntakeAdmission } from './intake/intake-admission';
import { MetadataController } from './metadata/metadata.controller';
import { NotificationController } from './upstream/notification.controller';

/**
 * The FHIR HTTP endpoints. Controllers are listed most specific first, because Express matches routes in the order
 * they are registered (/fhir/notify and /fhir/metadata before /fhir/:resourceType).
 */
@Module({
  imports: [FhirModule],
  controllers: [NotificationController, MetadataController, FhirIntakeController],
  providers: [IntakeAdmission],
})
export class FhirHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(FhirContentTypeMiddleware)
      .forRoutes(
        { path: 'fhir', method: RequestMethod.ALL },
        { path: 'fhir/*path', method: RequestMethod.ALL },
      );
  }
}
