import { Module } from '@nestjs/common';
import { FhirModule } from './fhir.module';
import { UpstreamProcessor } from './upstream/upstream.processor';
import { UpstreamScheduler } from './upstream/upstream.scheduler';
import { WriteBackReferralProcessor } from './writeback/write-back-referral.processor';
import { WriteBackScoreProcessor } from './writeback/write-back-score.processor';
import { WriteBackRepository } from './writeback/write-back.repository';

/** Worker side of FHIR: fetching from and catching up with the upstream server, and writing scores and referrals back. */
@Module({
  imports: [FhirModule],
  providers: [
    UpstreamProcessor,
    UpstreamScheduler,
    WriteBackRepository,
    WriteBackScoreProcessor,
    WriteBackReferralProcessor,
  ],
})
export class FhirJobsModule {}
