import { BranchEntity } from '../branches/branch.entity';
import { CorporateClientEntity } from '../corporate-clients/corporate-client.entity';
import { ManagerEntity } from '../managers/manager.entity';
import { EmploymentEntity } from '../people/employment.entity';
import { PersonEntity } from '../people/person.entity';
import { HoldingEntity } from '../products/holding.entity';
import { ProductEntity } from '../products/product.entity';
import { OpportunityEntity } from '../opportunities/opportunity.entity';
import { OpportunityOutcomeEntity } from '../opportunities/opportunity-outcome.entity';
import { RuleSetVersionEntity } from '../rules/rule-set-version.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { RuleSetPublicationEntity, RuleSetRejectionEntity } from '../rules/rule-set-publication.entity';
import { ServiceInstanceEntity } from '../instances/service-instance.entity';
import { CompanyLinkageStatsEntity } from '../leads/company-linkage-stats.entity';

/** Every TypeORM entity, registered once for Nest and for the migration tooling. */
export const ENTITIES = [
  BranchEntity,
  ManagerEntity,
  CorporateClientEntity,
  PersonEntity,
  EmploymentEntity,
  ProductEntity,
  HoldingEntity,
  RuleSetVersionEntity,
  OpportunityEntity,
  OpportunityOutcomeEntity,
  AuditEventEntity,
  RuleSetPublicationEntity,
  RuleSetRejectionEntity,
  ServiceInstanceEntity,
  CompanyLinkageStatsEntity,
];
