import { Module } from '@nestjs/common';
import { PathwayRecordReader } from '../alerts/pathway-record.reader';
import { MeasuresFhirController } from './measures-fhir.controller';
import { MeasuresController } from './measures.controller';
import { MeasuresService } from './measures.service';
import { MeasureFactsRepository } from './persistence/measure-facts.repository';

/** Quality-improvement measures with SPC: the API, the CSV and the FHIR Measure / MeasureReport endpoints. */
@Module({
  controllers: [MeasuresController, MeasuresFhirController],
  providers: [MeasuresService, MeasureFactsRepository, PathwayRecordReader],
})
export class MeasuresModule {}
