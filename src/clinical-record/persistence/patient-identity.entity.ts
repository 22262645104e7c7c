import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Which source system's Patient id means which Beacon patient (several sources can describe one person). */
@Entity({ name: 'patient_identity' })
@Index('IX_patient_identity_patient', ['patientId'])
export class PatientIdentityEntity {
  @PrimaryColumn({
    name: 'source_system',
    type: 'varchar',
    length: 256,
    primaryKeyConstraintName: 'PK_patient_identity',
  })
  sourceSystem!: string;

  @PrimaryColumn({
    name: 'source_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'PK_patient_identity',
  })
  sourceId!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;
}
