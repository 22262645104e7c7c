import { Module } from '@nestjs/common';
import { ClinicalRecordStore } from './clinical-record.store';

@Module({ providers: [ClinicalRecordStore], exports: [ClinicalRecordStore] })
export class ClinicalRecordModule {}
