import { AddOutcomeOccurredAt1796200000000 } from './1796200000000-AddOutcomeOccurredAt';
import { AddOpportunityChangeFeed1796220000000 } from './1796220000000-AddOpportunityChangeFeed';
import { AddChangeNumbers1795500000000 } from './1795500000000-AddChangeNumbers';
import { AddProductGuards1796180000000 } from './1796180000000-AddProductGuards';
import { AddSharedRateLimits1796175649951 } from './1796175649951-AddSharedRateLimits';
import { PublishRuleSetsAcrossInstances1796175649950 } from './1796175649950-PublishRuleSetsAcrossInstances';
import { IdempotencyKeysPerManager1796176000000 } from './1796176000000-IdempotencyKeysPerManager';
import { GuardReferenceDataInsteadOfForeignKeys1796210000000 } from './1796210000000-GuardReferenceDataInsteadOfForeignKeys';
import { AddCompanyLinkageStats1796210000001 } from './1796210000001-AddCompanyLinkageStats';
import { StoreReasonsAsJson1795446900000 } from './1795446900000-StoreReasonsAsJson';
import { AddAuditEvents1795445204891 } from './1795445204891-AddAuditEvents';
import { AddStalePersonsIndex1795440568318 } from './1795440568318-AddStalePersonsIndex';
import { AddLeadRankIndex1795440474270 } from './1795440474270-AddLeadRankIndex';
import { MarkStaleOpportunities1795439823015 } from './1795439823015-MarkStaleOpportunities';
import { AddOpportunitiesAndRuleSets1795437156756 } from './1795437156756-AddOpportunitiesAndRuleSets';
import { SeedProductCatalogue1795436720003 } from './1795436720003-SeedProductCatalogue';
import { CreateBankModel1795436493078 } from './1795436493078-CreateBankModel';
/** Every migration, in order. `npm run migration:generate -- <Name>` adds new ones here. */
export const MIGRATIONS: Function[] = [
  CreateBankModel1795436493078,
  SeedProductCatalogue1795436720003,
  AddOpportunitiesAndRuleSets1795437156756,
  MarkStaleOpportunities1795439823015,
  AddLeadRankIndex1795440474270,
  AddStalePersonsIndex1795440568318,
  AddAuditEvents1795445204891,
  StoreReasonsAsJson1795446900000,
  AddChangeNumbers1795500000000,
  PublishRuleSetsAcrossInstances1796175649950,
  AddSharedRateLimits1796175649951,
  IdempotencyKeysPerManager1796176000000,
  AddProductGuards1796180000000,
  AddOutcomeOccurredAt1796200000000,
  GuardReferenceDataInsteadOfForeignKeys1796210000000,
  AddCompanyLinkageStats1796210000001,
  AddOpportunityChangeFeed1796220000000,
];
