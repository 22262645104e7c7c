import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How far catch-up has read each resource type of an upstream server (upstream_cursor). */
@Injectable()
export class UpstreamCursorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The newest meta.lastUpdated caught up to, if catch-up of this type has run before. */
  async lastUpdated(upstreamUrl: string, resourceType: string): Promise<Date | undefined> {
    const [row] = await this.dataSource.query<{ last_updated: Date }[]>(
      'SELECT last_updated FROM upstream_cursor WHERE upstream_url = $1 AND resource_type = $2',
      [upstreamUrl, resourceType],
    );
    return row?.last_updated;
  }

  /** Moves the cursor forward only (several catch-ups may overlap). */
  async advance(upstreamUrl: string, resourceType: string, to: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO upstream_cursor (upstream_url, resource_type, last_updated, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (upstream_url, resource_type) DO UPDATE
       SET last_updated = GREATEST(upstream_cursor.last_updated, EXCLUDED.last_updated), updated_at = now()`,
      [upstreamUrl, resourceType, to],
    );
  }
}
