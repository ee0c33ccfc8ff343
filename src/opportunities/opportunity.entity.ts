import { Check, Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn } from 'typeorm';
import { BaseEntity, oneOf } from '../common/base.entity';
import { EMPLOYMENT_ROLES, type EmploymentRole } from '../common/domain-values';
import { CorporateClientEntity } from '../corporate-clients/corporate-client.entity';
import { PersonEntity } from '../people/person.entity';
import { LINKAGES, type Linkage } from '../rule-engine/types';
import type { CompactReason } from './reason-storage';
import { OPPORTUNITY_STATUSES, PARTY_TYPES, type OpportunityStatus, type PartyType } from './opportunity-status';

/** The explanation stored with an opportunity: what a manager reads before calling. */
export interface StoredReason {
  ruleId: string;
  /** The reason template and the values of its placeholders (`employment.monthlySalary` → 4100),
   *  so the text can be rendered again for a viewer who may only see bands. */
  template?: string;
  values?: Record<string, unknown>;
  text: string;
  conditions: { fact: string; path?: string; operator: string; value: unknown; factValue: unknown; result: boolean }[];
}

/**
 * A suggested product for a party (a person, or a company in corporate leads), with its score,
 * reasons, status and the rule set version that made it. At most one live (OPEN or CONTACTED)
 * opportunity per party and product.
 */
@Entity('opportunities')
@Check('CHK_opportunities_status', oneOf('status', OPPORTUNITY_STATUSES))
@Check('CHK_opportunities_party_type', oneOf('party_type', PARTY_TYPES))
@Check('CHK_opportunities_linkage', oneOf('linkage', LINKAGES))
@Check('CHK_opportunities_via_role', oneOf('via_role', EMPLOYMENT_ROLES))
@Check('CHK_opportunities_party', `("party_type" = 'PERSON' AND "person_id" IS NOT NULL) OR ("party_type" = 'COMPANY' AND "corporate_client_id" IS NOT NULL)`)
@Index('UQ_opportunities_live_party_product', ['partyId', 'productId'], { unique: true, where: `"status" IN ('OPEN', 'CONTACTED')` })
@Index('IDX_opportunities_via_client_status', ['viaCorporateClientId', 'status'])
// Lead lists walk this backwards (best score first) and stop after a page.
@Index('IDX_opportunities_lead_rank', ['viaCorporateClientId', 'linkage', 'score', 'partyId'], { where: `"status" IN ('OPEN', 'CONTACTED')` })
export class OpportunityEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 8 })
  partyType: PartyType;

  /** The party's id: the person's for PERSON, the company's for COMPANY. */
  @Index()
  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'uuid', nullable: true })
  corporateClientId: string | null;

  @ManyToOne(() => CorporateClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'corporate_client_id' })
  corporateClient?: CorporateClientEntity;

  @Column({ type: 'varchar', length: 24 })
  linkage: Linkage;

  /** The company through which the lead arises (the employer, or the company itself). */
  @Column({ type: 'uuid' })
  viaCorporateClientId: string;

  /** The person who links the lead (the employee, executive or owner). */
  @Column({ type: 'uuid' })
  viaPersonId: string;

  @Column({ type: 'varchar', length: 16 })
  viaRole: EmploymentRole;

  /** A product of the catalogue. No foreign key: products are reference data, and a product that
   *  opportunities reference cannot be deleted (a trigger refuses it; see migration
   *  GuardReferenceDataInsteadOfForeignKeys). */
  @Column({ type: 'uuid' })
  productId: string;

  @Column({ type: 'varchar', length: 100 })
  ruleId: string;

  /** An immutable rule set version (in `rule_set_versions`, recorded before it is served). No
   *  foreign key; a referenced version cannot be deleted (same trigger guard as products). */
  @Column({ type: 'varchar', length: 64 })
  ruleSetVersion: string;

  @Column({ type: 'numeric', precision: 18, scale: 4 })
  score: string;

  /** Compact, by reference to the rule set version (see reason-storage.ts); older rows hold full StoredReasons. `json`: written and read whole, never searched. */
  @Column({ type: 'json' })
  reasons: (CompactReason | StoredReason)[];

  @Column({ type: 'varchar', length: 12, default: 'OPEN' })
  status: OpportunityStatus;

  @Column({ type: 'timestamptz', nullable: true })
  statusChangedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiredAt: Date | null;

  @Column({ type: 'timestamptz' })
  lastRefreshedAt: Date;

  /** Optimistic concurrency: two managers updating one opportunity cannot lose either update. */
  @VersionColumn()
  rowVersion: number;
}
