import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A paired ward display as stored. */
export interface WardDisplayRow {
  id: string;
  ward_id: string;
  name: string;
  paired_at: Date;
  paired_by_name: string;
  last_contact_at: Date | null;
  revoked_at: Date | null;
}

/** Paired ward displays (ward_display): pairing, their session, last contact, revocation. */
@Injectable()
export class WardDisplayRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** What a display's session is made of, and whether it was revoked meanwhile. */
  async pairing(
    displayId: string,
  ): Promise<Pick<WardDisplayRow, 'ward_id' | 'name' | 'revoked_at'> | undefined> {
    const [row] = await this.dataSource.query<Pick<WardDisplayRow, 'ward_id' | 'name' | 'revoked_at'>[]>(
      'SELECT ward_id, name, revoked_at FROM ward_display WHERE id = $1',
      [displayId],
    );
    return row;
  }

  async attachSession(displayId: string, sessionKey: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE ward_display SET session_key = $2, last_contact_at = now() WHERE id = $1',
      [displayId, sessionKey],
    );
  }

  /** A newly approved display, with no session yet; its id. */
  async insert(wardId: string, name: string, by: { userId: string; name: string }): Promise<string> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO ward_display (ward_id, name, paired_by_id, paired_by_name, session_key)
       VALUES ($1, $2, $3, $4, '') RETURNING id`,
      [wardId, name, by.userId, by.name],
    );
    return (row as { id: string }).id;
  }

  /** Paired displays, newest first (revoked ones last, for the record). */
  async list(limit: number): Promise<WardDisplayRow[]> {
    return this.dataSource.query<WardDisplayRow[]>(
      `SELECT id, ward_id, name, paired_at, paired_by_name, last_contact_at, revoked_at FROM ward_display
       ORDER BY revoked_at IS NOT NULL, paired_at DESC LIMIT $1`,
      [limit],
    );
  }

  /** Revokes a display not revoked yet; its session and ward, or undefined when there was none to revoke. */
  async revoke(
    displayId: string,
    byUserId: string,
  ): Promise<{ session_key: string; ward_id: string } | undefined> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [[row]] = await this.dataSource.query<[{ session_key: string; ward_id: string }[], number]>(
      `UPDATE ward_display SET revoked_at = now(), revoked_by_id = $2
       WHERE id = $1 AND revoked_at IS NULL RETURNING session_key, ward_id`,
      [displayId, byUserId],
    );
    return row;
  }

  async find(displayId: string): Promise<WardDisplayRow | undefined> {
    const [row] = await this.dataSource.query<WardDisplayRow[]>(
      'SELECT id, ward_id, name, paired_at, paired_by_name, last_contact_at, revoked_at FROM ward_display WHERE id = $1',
      [displayId],
    );
    return row;
  }

  async touch(displayId: string): Promise<void> {
    await this.dataSource.query('UPDATE ward_display SET last_contact_at = now() WHERE id = $1', [displayId]);
  }
}
