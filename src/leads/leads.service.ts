import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ageOn, monthsBetween, todayIso } from '../common/dates';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, encodeCursor } from '../common/pagination/pagination';
import { salaryBand } from '../common/privacy/bands';
import { OpportunitiesService } from '../opportunities/opportunities.service';
import type { EmployeeProspectsArgs } from './dto/employee-prospects.args';
import type { EmployeeProspectConnectionModel } from './models/employee-prospect.model';

/** Refreshing more stale persons than this one by one costs more than refreshing the company. */
const STALE_ONE_BY_ONE = 200;

/**
 * The lead lists managers work from, read from the persisted opportunities (kept current by
 * refreshes and by recomputing stale persons before a read), ranked by each party's best opportunity,
 * paged by keyset so paging through a list returns every item once.
 */
@Injectable()
export class LeadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly opportunities: OpportunitiesService,
  ) {}

  async employeeProspects(args: EmployeeProspectsArgs): Promise<EmployeeProspectConnectionModel> {
    const clientId = args.corporateClientId;
    const [client] = await this.dataSource.query('SELECT id FROM corporate_clients WHERE id = $1', [clientId]);
    if (!client) throw AppError.notFound('corporate client', `with id ${clientId}`);
    await this.refreshStaleEmployees(clientId);

    const after = decodeCursor<[number, string]>(args.after, ['number', 'string']);
    const filter = args.filter ?? {};
    const params = [clientId, filter.productCategory ?? null, filter.minScore ?? null, filter.segment ?? null];
    const ranked = `
      WITH best AS (
        SELECT o.party_id, max(o.score)::float8 AS best
          FROM opportunities o
          JOIN products p ON p.id = o.product_id
          JOIN persons pe ON pe.id = o.party_id
         WHERE o.via_corporate_client_id = $1 AND o.linkage = 'EMPLOYEE_PROSPECT' AND o.status IN ('OPEN', 'CONTACTED')
           AND ($2::text IS NULL OR p.category = $2::text)
           AND ($3::numeric IS NULL OR o.score >= $3::numeric)
           AND ($4::text IS NULL OR pe.segment = $4::text)
         GROUP BY o.party_id)`;
    const [{ total }] = await this.dataSource.query(`${ranked} SELECT count(*)::int AS total FROM best`, params);
    const page: { party_id: string; best: number }[] = await this.dataSource.query(
      `${ranked}
       SELECT party_id, best FROM best
        WHERE $5::float8 IS NULL OR (best, party_id) < ($5::float8, $6::uuid)
        ORDER BY best DESC, party_id DESC
        LIMIT $7`,
      [...params, after?.[0] ?? null, after?.[1] ?? null, args.first + 1],
    );
    const hasNextPage = page.length > args.first;
    const items = page.slice(0, args.first);
    const ids = items.map((r) => r.party_id);
    const [people, opportunities] = await Promise.all([
      this.dataSource.query(
        `SELECT p.id, p.external_id, p.full_name, p.birth_date::text AS birth_date, p.segment,
                e.title, e.start_date::text AS start_date, e.monthly_salary::float8 AS salary, e.salary_paid_here
           FROM persons p JOIN employments e ON e.person_id = p.id AND e.corporate_client_id = $2 AND e.role = 'EMPLOYEE'
          WHERE p.id = ANY($1::uuid[])`,
        [ids, clientId],
      ) as Promise<any[]>,
      this.opportunities.listForParties(ids, {
        viaCorporateClientId: clientId,
        linkages: ['EMPLOYEE_PROSPECT'],
        productCategory: filter.productCategory,
        minScore: filter.minScore,
        mask: true,
      }),
    ]);
    const today = todayIso();
    const personById = new Map(people.map((p) => [p.id, p]));
    const edges = items.map((r) => {
      const p = personById.get(r.party_id)!;
      return {
        cursor: encodeCursor([r.best, r.party_id]),
        node: {
          person: {
            id: p.id,
            externalId: p.external_id,
            fullName: p.full_name,
            age: ageOn(p.birth_date, today),
            segment: p.segment,
            title: p.title,
            tenureMonths: monthsBetween(p.start_date, today),
            salaryBand: salaryBand(p.salary),
            salaryPaidHere: p.salary_paid_here,
          },
          bestScore: r.best,
          opportunities: opportunities.get(r.party_id) ?? [],
        },
      };
    });
    return { edges, pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null }, totalCount: total };
  }

  /** Recomputes employees whose data changed since their opportunities were computed. */
  private async refreshStaleEmployees(clientId: string): Promise<void> {
    const stale: { person_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT e.person_id FROM employments e JOIN persons p ON p.id = e.person_id
        WHERE e.corporate_client_id = $1 AND p.opportunities_stale_since IS NOT NULL LIMIT ${STALE_ONE_BY_ONE + 1}`,
      [clientId],
    );
    if (stale.length > STALE_ONE_BY_ONE) {
      await this.opportunities.refresh(clientId);
      return;
    }
    for (const { person_id } of stale) await this.opportunities.refreshPerson(person_id);
  }
}
