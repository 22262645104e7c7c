import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { FhirModule } from '../fhir/fhir.module';
import { PassportService } from './passport.service';
import { PathwayRecordReader } from './persistence/pathway-record.reader';
import { PromptAlerts } from './prompt-alerts.service';
import { PromptOutcomesService } from './prompt-outcomes.service';
import { PromptRepository } from './persistence/prompt.repository';
import { PromptsController } from './prompts.controller';
import { PromptsService } from './prompts.service';

/**
 * Pathway prompts (preterm optimisation, smoke-free pregnancy): deciding them from the family's record, staff
 * outcomes, and the baby's passport. Prompts are alerts of kind `prompt`, raised, updated and closed through
 * PromptAlerts on AlertsModule's primitives.
 */
@Module({
  imports: [AlertsModule, ClinicalRecordModule, FhirModule],
  controllers: [PromptsController],
  providers: [
    PathwayRecordReader,
    PromptRepository,
    PromptAlerts,
    PromptsService,
    PromptOutcomesService,
    PassportService,
  ],
  exports: [PathwayRecordReader, PromptAlerts, PromptsService, PromptOutcomesService],
})
export class PromptsModule {}
