import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ManagerRole } from '../managers/manager-role';

/** A manager offered on the development sign-in page. */
export interface SignInManagerRow {
  externalId: string;
  name: string;
  role: ManagerRole;
  branchName: string | null;
}

@Injectable()
export class DevSignInRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The first few managers of every role, by external id. */
  firstManagersPerRole(perRole: number): Promise<SignInManagerRow[]> {
    return this.dataSource.query(
      `SELECT "externalId", name, role, "branchName" FROM (
         SELECT m.external_id AS "externalId", m.name, m.role, b.name AS "branchName",
                row_number() OVER (PARTITION BY m.role ORDER BY m.external_id) AS n
           FROM managers m LEFT JOIN branches b ON b.id = m.branch_id) ranked
        WHERE n <= $1 ORDER BY role, "externalId"`,
      [perRole],
    );
  }

  async exists(externalId: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM managers WHERE external_id = $1', [externalId]);
    return rows.length > 0;
  }
}
