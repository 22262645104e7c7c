import { Module } from '@nestjs/common';
import { FhirModule } from './fhir.module';
import { UpstreamProcessor } from './upstream/upstream.processor';
import { UpstreamScheduler } from './upstream/upstream.scheduler';

/** Worker side of FHIR: fetching from and catching up with the upstream server. */
@Module({ imports: [FhirModule], providers: [UpstreamProcessor, UpstreamScheduler] })
export class FhirJobsModule {}
