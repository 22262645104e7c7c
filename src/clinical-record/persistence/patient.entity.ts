import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'patient' })
@Index('UQ_patient_nhs_number', ['nhsNumber'], { unique: true, where: '"nhs_number" IS NOT NULL' })
@Index('IX_patient_ward', ['wardId'])
@Index('IX_patient_mother_nhs_number', ['motherNhsNumber'])
export class PatientEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_patient' })
  id!: string;

  @Column({ name: 'nhs_number', type: 'varchar', length: 10, nullable: true })
  nhsNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  @Column({ name: 'birth_time', type: 'timestamp with time zone', nullable: true })
  birthTime!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  sex!: string | null;

  @Column({ name: 'mother_patient_id', type: 'uuid', nullable: true })
  motherPatientId!: string | null;

  /** Kept until the mother's own Patient record arrives, then resolved to motherPatientId. */
  @Column({ name: 'mother_nhs_number', type: 'varchar', length: 10, nullable: true })
  motherNhsNumber!: string | null;

  @Column({ name: 'ward_id', type: 'varchar', length: 64, nullable: true })
  wardId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  bed!: string | null;

  /** The source system (EPR) that first registered the patient: only it may change her demographics. */
  @Column({ name: 'registered_by', type: 'varchar', length: 256, nullable: true })
  registeredBy!: string | null;

  /** The source system whose Encounter placed her on her current ward: only it may move her or end the stay. */
  @Column({ name: 'location_source', type: 'varchar', length: 256, nullable: true })
  locationSource!: string | null;

  @Column({ name: 'location_since', type: 'timestamp with time zone', nullable: true })
  locationSince!: Date | null;

  @Column({ name: 'created_at', type: 'timestamp with time zone', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamp with time zone', default: () => 'now()' })
  updatedAt!: Date;
}
