import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far Beacon has caught up with an upstream FHIR server, per resource type (its meta.lastUpdated clock). */
@Entity({ name: 'upstream_cursor' })
export class UpstreamCursorEntity {
  @PrimaryColumn({
    name: 'upstream_url',
    type: 'varchar',
    length: 512,
    primaryKeyConstraintName: 'PK_upstream_cursor',
  })
  upstreamUrl!: string;

  @PrimaryColumn({
    name: 'resource_type',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'PK_upstream_cursor',
  })
  resourceType!: string;

  @Column({ name: 'last_updated', type: 'timestamp with time zone' })
  lastUpdated!: Date;

  @Column({ name: 'updated_at', type: 'timestamp with time zone', default: () => 'now()' })
  updatedAt!: Date;
}
