import { Module } from '@nestjs/common';
import { ClinicalRecordStore } from './clinical-record.store';
import { PatientStore } from './patient.store';

@Module({ providers: [ClinicalRecordStore, PatientStore], exports: [ClinicalRecordStore, PatientStore] })
export class ClinicalRecordModule {}
