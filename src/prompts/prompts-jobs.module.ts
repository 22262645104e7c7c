import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { WriteBackReferralProcessor } from './jobs/write-back-referral.processor';

/** Worker side of prompts: writing a recorded referral back to the upstream FHIR server. */
@Module({
  imports: [FhirModule],
  providers: [WriteBackReferralProcessor],
})
export class PromptsJobsModule {}
