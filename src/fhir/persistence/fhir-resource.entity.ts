import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every accepted FHIR resource version exactly as received (raw JSON), with who sent it and when. One row per
 * version; `logicalId` is Beacon's id for the resource across versions (the Location header uses it).
 */
@Entity({ name: 'fhir_resource' })
@Index('UQ_fhir_resource_version', ['logicalKey', 'versionKey'], { unique: true })
@Index('UQ_fhir_resource_current', ['logicalKey'], { unique: true, where: '"is_current"' })
@Index('IX_fhir_resource_logical_id', ['logicalId'])
@Index('IX_fhir_resource_patient', ['patientId'])
export class FhirResourceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_fhir_resource' })
  id!: string;

  @Column({ name: 'logical_id', type: 'uuid' })
  logicalId!: string;

  @Column({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  @Column({ name: 'resource_type', type: 'varchar', length: 64 })
  resourceType!: string;

  @Column({ name: 'source_system', type: 'varchar', length: 256 })
  sourceSystem!: string;

  @Column({ name: 'source_id', type: 'varchar', length: 64, nullable: true })
  sourceId!: string | null;

  @Column({ name: 'source_version', type: 'varchar', length: 64, nullable: true })
  sourceVersion!: string | null;

  @Column({ name: 'source_last_updated', type: 'timestamp with time zone', nullable: true })
  sourceLastUpdated!: Date | null;

  /** Source + type + (id | identifier | content hash): what makes two deliveries the same resource. */
  @Column({ name: 'logical_key', type: 'text' })
  logicalKey!: string;

  /** meta.versionId when the source gives one, otherwise the content hash. */
  @Column({ name: 'version_key', type: 'text' })
  versionKey!: string;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256!: string;

  @Column({ name: 'fhir_status', type: 'varchar', length: 32, nullable: true })
  fhirStatus!: string | null;

  @Column({ name: 'is_current', type: 'boolean' })
  isCurrent!: boolean;

  @Column({ type: 'jsonb' })
  raw!: fhir4.Resource;

  @Column({ name: 'received_at', type: 'timestamp with time zone', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ name: 'received_via', type: 'varchar', length: 24 })
  receivedVia!: string;

  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId!: string | null;
}
