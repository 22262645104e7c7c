import { Module } from '@nestjs/common';
import { PromptsModule } from '../prompts.module';
import { CheckPromptsProcessor } from './check-prompts.processor';

/** Worker side of prompts: a prompt's deadline (its sweep runs with the alerts' timer sweep, src/alerts/jobs). */
@Module({
  imports: [PromptsModule],
  providers: [CheckPromptsProcessor],
})
export class PromptsJobsModule {}
