import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface InstanceRow {
  id: string;
  servingVersion: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  /** Not seen within the stale interval given to `list`. */
  stale: boolean;
}

/** The heartbeat table of the instances sharing this database. */
@Injectable()
export class InstancesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async heartbeat(id: string, servingVersion: string | null, startedAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO service_instances (id, serving_version, started_at, last_seen_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET serving_version = EXCLUDED.serving_version, last_seen_at = now()`,
      [id, servingVersion, startedAt],
    );
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM service_instances WHERE id = $1', [id]);
  }

  /** Forgets instances not seen for `seconds` (crashed or killed without a clean shutdown). */
  async removeUnseenFor(seconds: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM service_instances WHERE last_seen_at < now() - make_interval(secs => $1)`, [seconds]);
  }

  /** Every known instance, newest first, marked stale when not seen for `staleSeconds`. */
  list(staleSeconds: number): Promise<InstanceRow[]> {
    return this.dataSource.query(
      `SELECT id, serving_version AS "servingVersion", started_at AS "startedAt", last_seen_at AS "lastSeenAt",
              last_seen_at < now() - make_interval(secs => $1) AS stale
         FROM service_instances ORDER BY started_at DESC, id`,
      [staleSeconds],
    );
  }
}
