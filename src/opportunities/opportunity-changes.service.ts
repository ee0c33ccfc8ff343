import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, encodeCursor, pageInfoOf } from '../common/pagination/pagination';
import type { OpportunityChangePageModel } from './models/opportunity-change.model';
import { OpportunityChangesRepository } from './opportunity-changes.repository';

/** The change feed other systems (a CRM, marketing) read to keep their copy of the opportunities in step. */
@Injectable()
export class OpportunityChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async page(viewer: Viewer, after: string | undefined, first: number): Promise<OpportunityChangePageModel> {
    this.access.requireRole(viewer, 'opportunityChanges');
    const key = decodeCursor<[string, string]>(after, ['string', 'string']);
    if (key && !key.every((part) => /^\d{1,20}$/.test(part))) throw AppError.badInput('after is not a cursor of this list', ['after']);
    const rows = await OpportunityChangesRepository.page(this.dataSource.manager, key ? { xid: key[0], seq: key[1] } : null, first + 1);
    const page = rows.slice(0, first);
    const changes = page.map((r) => ({
      cursor: encodeCursor([r.xid, r.seq]),
      kind: r.kind,
      opportunityId: r.opportunity_id,
      status: r.status,
      previousStatus: r.previous_status,
      score: r.score,
      ruleId: r.rule_id,
      partyType: r.party_type,
      partyId: r.party_id,
      productCode: r.product_code,
      occurredAt: r.occurred_at,
    }));
    // An empty page keeps the reader's cursor, so it resumes where it was.
    return { changes, pageInfo: { ...pageInfoOf(changes, rows.length > first, after), endCursor: changes.at(-1)?.cursor ?? after ?? null } };
  }
}
