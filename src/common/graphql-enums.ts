import { registerEnumType } from '@nestjs/graphql';
import {
  CREDIT_GRADES,
  EMPLOYMENT_ROLES,
  INDUSTRIES,
  MARITAL_STATUSES,
  RISK_ASSESSMENT_STATUSES,
  RISK_TOLERANCES,
  SEGMENTS,
  SIZE_BANDS,
} from './domain-values';
import { PRODUCT_AUDIENCES, PRODUCT_CATEGORIES, RISK_LEVELS } from '../products/product-catalogue';
import { MANAGER_ROLES } from '../managers/manager-role';

/** Turns a readonly list of names into the `{ NAME: 'NAME' }` object registerEnumType wants. */
export function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const SegmentEnum = enumObject(SEGMENTS);
export const EmploymentRoleEnum = enumObject(EMPLOYMENT_ROLES);
export const IndustryEnum = enumObject(INDUSTRIES);
export const SizeBandEnum = enumObject(SIZE_BANDS);
export const CreditGradeEnum = enumObject(CREDIT_GRADES);
export const MaritalStatusEnum = enumObject(MARITAL_STATUSES);
export const RiskToleranceEnum = enumObject(RISK_TOLERANCES);
export const RiskAssessmentStatusEnum = enumObject(RISK_ASSESSMENT_STATUSES);
export const ProductCategoryEnum = enumObject(PRODUCT_CATEGORIES);
export const ProductAudienceEnum = enumObject(PRODUCT_AUDIENCES);
export const RiskLevelEnum = enumObject(RISK_LEVELS);
export const ManagerRoleEnum = enumObject(MANAGER_ROLES);

registerEnumType(SegmentEnum, { name: 'Segment', description: 'Customer tier by assets under management.' });
registerEnumType(EmploymentRoleEnum, { name: 'EmploymentRole', description: "A person's role at a company." });
registerEnumType(IndustryEnum, { name: 'Industry', description: 'Industry of a corporate client.' });
registerEnumType(SizeBandEnum, { name: 'SizeBand', description: 'Company size by headcount: MICRO <10, SMALL <50, MEDIUM <250, LARGE <1000, ENTERPRISE 1000+.' });
registerEnumType(CreditGradeEnum, { name: 'CreditGrade', description: "The bank's internal credit grade of a company, A best." });
registerEnumType(MaritalStatusEnum, { name: 'MaritalStatus', description: 'Marital status of a person.' });
registerEnumType(RiskToleranceEnum, { name: 'RiskTolerance', description: 'Assessed risk tolerance: C1 conservative … C5 aggressive.' });
registerEnumType(RiskAssessmentStatusEnum, { name: 'RiskAssessmentStatus', description: 'Whether the risk assessment is valid today.' });
registerEnumType(ProductCategoryEnum, { name: 'ProductCategory', description: 'Kind of product.' });
registerEnumType(ProductAudienceEnum, { name: 'ProductAudience', description: 'Who the product is sold to: persons or companies.' });
registerEnumType(RiskLevelEnum, { name: 'RiskLevel', description: 'Risk level of an investment product: R1 lowest … R5 highest.' });
registerEnumType(ManagerRoleEnum, { name: 'ManagerRole', description: 'What a bank user does, and so what they may see.' });
