import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Client assertions already used at the token endpoint (used_client_assertion), remembered until they expire. */
@Injectable()
export class UsedClientAssertionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Remembers `key` until `expiresAt`; false when it was already remembered (a replay). */
  async firstUse(key: string, expiresAt: Date): Promise<boolean> {
    const firstUse = await this.dataSource.query<unknown[]>(
      'INSERT INTO used_client_assertion (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key',
      [key, expiresAt],
    );
    return firstUse.length > 0;
  }

  async forgetExpired(): Promise<void> {
    await this.dataSource.query('DELETE FROM used_client_assertion WHERE expires_at < now()');
  }
}
