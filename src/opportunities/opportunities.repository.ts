import type { EntityManager } from 'typeorm';
import type { StoredReason } from './opportunity.entity';
import type { CompactReason } from './reason-storage';
import type { ProductModel } from '../products/models/product.model';

/**
 * One opportunity as the refresh writes it (the JSON record the bulk statements read with
 * json_to_recordset: parsed once, `reasons` kept as its text; jsonb_to_recordset built a tree of
 * every record first and cost a third more of the insert's time).
 */
export interface OpportunityWrite {
  id?: string;
  party_type: 'PERSON' | 'COMPANY';
  party_id: string;
  person_id: string | null;
  corporate_client_id: string | null;
  linkage: string;
  via: string;
  via_person: string;
  via_role: string;
  product_id: string;
  rule_id: string;
  score: string;
  reasons: CompactReason[];
}

/** One opportunity with its product, as the listing reads it. */
export interface OpportunityRow {
  id: string;
  party_type: 'PERSON' | 'COMPANY';
  party_id: string;
  linkage: string;
  via_corporate_client_id: string;
  via_person_id: string;
  via_role: string;
  rule_id: string;
  rule_set_version: string;
  score_number: number;
  status: string;
  reasons: (CompactReason | StoredReason)[];
  created_at: Date;
  updated_at: Date;
  status_changed_at: Date | null;
  p_id: string;
  p_code: string;
  p_name: string;
  p_description: string;
  p_category: ProductModel['category'];
  p_audience: ProductModel['audience'];
  p_risk_level: ProductModel['riskLevel'];
  p_value: string;
  p_family: string | null;
  p_family_rank: number | null;
  p_active: boolean;
  p_min_age: number | null;
  p_max_age: number | null;
  p_requires_suitability: boolean;
  p_min_risk_tolerance: ProductModel['minRiskTolerance'];
}

export interface ListFilter {
  statuses?: readonly string[];
  viaCorporateClientId?: string;
  linkages?: readonly string[];
  productCategory?: string;
  minScore?: number;
}

/** How fresh what a list shows is: when it was last decided, and how many changes in its scope are still queued. */
export interface Freshness {
  freshAsOf: Date | null;
  pendingChanges: number;
}

const EXPIRE_SET = `status = 'EXPIRED', expired_at = now(), status_changed_at = now(), updated_at = now(), row_version = row_version + 1`;
const CURRENT = (alias: string, asOf: string) => `(${alias}.end_date IS NULL OR ${alias}.end_date > ${asOf})`;

/** The SQL of the opportunities table: what the refresh writes, what the listing reads, and outcomes. */
export const OpportunitiesRepository = {
  /** Inserts new live opportunities; returns how many rows were really inserted. */
  async insert(tx: EntityManager, ruleSetVersion: string, rows: readonly OpportunityWrite[]): Promise<number> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO opportunities (party_type, party_id, person_id, corporate_client_id, linkage, via_corporate_client_id, via_person_id, via_role,
                                  product_id, rule_id, rule_set_version, score, reasons, status, last_refreshed_at, row_version)
       SELECT t.party_type, t.party_id, t.person_id, t.corporate_client_id, t.linkage, t.via, t.via_person, t.via_role,
              t.product_id, t.rule_id, $2, t.score, t.reasons, 'OPEN', now(), 1
         FROM json_to_recordset($1::json) AS t(party_type text, party_id uuid, person_id uuid, corporate_client_id uuid, linkage text, via uuid,
                                               via_person uuid, via_role text, product_id uuid, rule_id text, score numeric, reasons json)
       -- A concurrent refresh of the same party may have created it meanwhile: one live row stays,
       -- and only the rows inserted here are counted.
       ON CONFLICT (party_id, product_id) WHERE status IN ('OPEN', 'CONTACTED') DO NOTHING
       RETURNING id`,
      [JSON.stringify(rows), ruleSetVersion],
    );
    return inserted.length;
  },

  async update(tx: EntityManager, ruleSetVersion: string, rows: readonly OpportunityWrite[]): Promise<void> {
    await tx.query(
      `UPDATE opportunities o
          SET rule_id = t.rule_id, rule_set_version = $2::varchar, score = t.score, reasons = t.reasons, via_person_id = t.via_person, via_role = t.via_role,
              last_refreshed_at = now(), updated_at = now(), row_version = o.row_version + 1
         FROM json_to_recordset($1::json) AS t(id uuid, rule_id text, score numeric, reasons json, via_person uuid, via_role text)
        WHERE o.id = t.id AND o.status = 'OPEN'`,
      [JSON.stringify(rows), ruleSetVersion],
    );
  },

  /** Expires these opportunities if still OPEN; returns how many it expired. */
  async expire(tx: EntityManager, ids: readonly string[]): Promise<number> {
    const [, count] = await tx.query(`UPDATE opportunities SET ${EXPIRE_SET} WHERE id = ANY($1::uuid[]) AND status = 'OPEN'`, [ids]);
    return count as number;
  },

  /**
   * The companies through which these persons are decided: their current employers (with the
   * persons of each), and the companies whose corporate leads they link or linked (owners and
   * executives, current, or named on a live corporate lead).
   */
  async routesOfPersons(db: EntityManager, personIds: readonly string[], asOf: string): Promise<{ personRoutes: Map<string, string[]>; leaderCompanies: Set<string> }> {
    const rows: { company_id: string; person_id: string | null; leader: boolean }[] = await db.query(
      `SELECT e.corporate_client_id AS company_id, e.person_id, e.role IN ('EXECUTIVE', 'OWNER') AS leader
         FROM employments e WHERE e.person_id = ANY($1::uuid[]) AND ${CURRENT('e', '$2::date')}
       UNION
       SELECT o.via_corporate_client_id, NULL, true
         FROM opportunities o WHERE o.via_person_id = ANY($1::uuid[]) AND o.linkage = 'CORPORATE_LEAD' AND o.status = 'OPEN'`,
      [personIds, asOf],
    );
    const personRoutes = new Map<string, string[]>();
    const leaderCompanies = new Set<string>();
    for (const r of rows) {
      if (r.person_id !== null) {
        const list = personRoutes.get(r.company_id) ?? [];
        if (!list.includes(r.person_id)) list.push(r.person_id);
        personRoutes.set(r.company_id, list);
      }
      if (r.leader) leaderCompanies.add(r.company_id);
    }
    return { personRoutes, leaderCompanies };
  },

  /** Expires the persons' open person leads through companies that no longer employ them. */
  async expireEndedRoutes(tx: EntityManager, personIds: readonly string[], asOf: string): Promise<{ id: string; viaCorporateClientId: string }[]> {
    return tx.query(
      `UPDATE opportunities o SET ${EXPIRE_SET}
        WHERE o.party_id = ANY($1::uuid[]) AND o.status = 'OPEN' AND o.linkage <> 'CORPORATE_LEAD'
          AND NOT EXISTS (SELECT 1 FROM employments e WHERE e.person_id = o.party_id AND e.corporate_client_id = o.via_corporate_client_id AND ${CURRENT('e', '$2::date')})
        RETURNING o.id, o.via_corporate_client_id AS "viaCorporateClientId"`,
      [personIds, asOf],
    ).then((result: [{ id: string; viaCorporateClientId: string }[], number]) => result[0]);
  },

  /** Opportunities of many parties in one query, best first per party. */
  async listForParties(db: EntityManager, partyIds: readonly string[], filter: ListFilter): Promise<OpportunityRow[]> {
    return db.query(
      `SELECT o.id, o.party_type, o.party_id, o.linkage, o.via_corporate_client_id, o.via_person_id, o.via_role, o.rule_id, o.rule_set_version,
              o.score::float8 AS score_number, o.status, o.reasons, o.created_at, o.updated_at, o.status_changed_at,
              p.id AS p_id, p.code AS p_code, p.name AS p_name, p.description AS p_description, p.category AS p_category, p.audience AS p_audience,
              p.risk_level AS p_risk_level, p.value AS p_value, p.family AS p_family, p.family_rank AS p_family_rank, p.active AS p_active,
              p.min_age AS p_min_age, p.max_age AS p_max_age, p.requires_suitability AS p_requires_suitability, p.min_risk_tolerance AS p_min_risk_tolerance
         FROM opportunities o JOIN products p ON p.id = o.product_id
        WHERE o.party_id = ANY($1::uuid[]) AND o.status = ANY($2::text[])
          AND ($3::uuid IS NULL OR o.via_corporate_client_id = $3::uuid)
          AND ($4::text[] IS NULL OR o.linkage = ANY($4::text[]))
          AND ($5::text IS NULL OR p.category = $5::text)
          AND ($6::numeric IS NULL OR o.score >= $6::numeric)
        ORDER BY o.party_id, o.score DESC, p.value DESC, o.rule_id, o.id`,
      [partyIds, filter.statuses ?? ['OPEN', 'CONTACTED'], filter.viaCorporateClientId ?? null, filter.linkages ?? null, filter.productCategory ?? null, filter.minScore ?? null],
    );
  },

  /**
   * A party's freshness. A person: decided in full at their own last refresh, or through each current
   * employer at that employer's (the later of the two); pending: the person's own change and their
   * employers'. A company: its last refresh; pending: its own change and its owners' and executives'.
   */
  async partyFreshness(db: EntityManager, partyId: string): Promise<Freshness> {
    const [row] = await db.query(
      `SELECT GREATEST(p.decided_at, (SELECT min(c.decided_at) FROM employments e JOIN corporate_clients c ON c.id = e.corporate_client_id
                                        WHERE e.person_id = p.id AND ${CURRENT('e', 'current_date')})) AS fresh,
              (p.refresh_change IS NOT NULL)::int
              + (SELECT count(DISTINCT c.id) FROM employments e JOIN corporate_clients c ON c.id = e.corporate_client_id
                  WHERE e.person_id = p.id AND ${CURRENT('e', 'current_date')} AND c.refresh_change IS NOT NULL)::int AS pending
         FROM persons p WHERE p.id = $1
       UNION ALL
       SELECT c.decided_at,
              (c.refresh_change IS NOT NULL)::int
              + (SELECT count(DISTINCT p.id) FROM employments e JOIN persons p ON p.id = e.person_id
                  WHERE e.corporate_client_id = c.id AND e.role IN ('EXECUTIVE', 'OWNER') AND ${CURRENT('e', 'current_date')} AND p.refresh_change IS NOT NULL)::int
         FROM corporate_clients c WHERE c.id = $1`,
      [partyId],
    );
    return { freshAsOf: row?.fresh ?? null, pendingChanges: row?.pending ?? 0 };
  },
};
