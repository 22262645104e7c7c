import { Module } from '@nestjs/common';
import { ChartsController } from './charts.controller';
import { ChartsService } from './charts.service';

/** The chart pages' API: charts, their versions and sign-offs, and which ward uses which. */
@Module({ controllers: [ChartsController], providers: [ChartsService] })
export class GovernanceModule {}
