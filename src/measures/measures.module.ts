import { Module } from '@nestjs/common';
import { PromptsModule } from '../prompts/prompts.module';
import { MeasuresFhirController } from './measures-fhir.controller';
import { MeasuresController } from './measures.controller';
import { MeasuresService } from './measures.service';
import { MeasureFactsRepository } from './persistence/measure-facts.repository';

/** Quality-improvement measures with SPC: the API, the CSV and the FHIR Measure / MeasureReport endpoints. */
@Module({
  imports: [PromptsModule],
  controllers: [MeasuresController, MeasuresFhirController],
  providers: [MeasuresService, MeasureFactsRepository],
})
export class MeasuresModule {}
