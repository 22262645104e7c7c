import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Client assertion ids (jti) already used at the token endpoint, kept until they expire: no replay. */
@Entity({ name: 'used_client_assertion' })
@Index('IX_used_client_assertion_expiry', ['expiresAt'])
export class UsedClientAssertionEntity {
  @PrimaryColumn({ type: 'varchar', length: 512, primaryKeyConstraintName: 'PK_used_client_assertion' })
  key!: string;

  @Column({ name: 'expires_at', type: 'timestamp with time zone' })
  expiresAt!: Date;
}
