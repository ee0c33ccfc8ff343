import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { enumObject, ManagerRoleEnum, registerDescribedEnum } from '../../common/graphql-enums';
import { JsonScalar } from '../../common/scalars/json.scalar';
import { PageInfoModel } from '../../common/pagination/pagination';
import type { ManagerRole } from '../../managers/manager-role';
import { AUDIT_ACTIONS, type AuditAction } from '../audit-action';

export const AuditActionEnum = enumObject(AUDIT_ACTIONS);
registerDescribedEnum(AuditActionEnum, 'AuditAction', 'What was done: a lead list viewed, an outcome recorded, the rules reloaded.', {
  LEAD_LIST_VIEWED: 'A manager viewed a lead list (who, which list, which scope, how many persons).',
  OUTCOME_RECORDED: 'A manager recorded an outcome on an opportunity.',
  RULES_RELOADED: 'The rule set was reloaded, by a manager or after a file change.',
});

@ObjectType('AuditEvent', { description: 'One audited act: who, when, what, in which scope.' })
export class AuditEventModel {
  @Field(() => ID, { description: 'Sequence number; later acts have higher numbers.' })
  id: string;

  @Field({ description: 'When it happened (ISO 8601).' })
  occurredAt: string;

  @Field(() => ID, { description: "The manager's internal id." })
  managerId: string;

  @Field({ description: "The manager's external id." })
  managerExternalId: string;

  @Field(() => ManagerRoleEnum, { description: 'Their role at the time.' })
  role: ManagerRole;

  @Field(() => AuditActionEnum, { description: 'What they did.' })
  action: AuditAction;

  @Field({ description: 'The GraphQL operation.' })
  operation: string;

  @Field(() => JsonScalar, { description: 'The scope served: client, branch or portfolio ids and filters.' })
  scope: Record<string, unknown>;

  @Field(() => Int, { nullable: true, description: 'Persons or companies shown, for a lead list.' })
  personCount: number | null;

  @Field(() => JsonScalar, { nullable: true, description: 'Details: opportunity and outcome, rule set version.' })
  details: Record<string, unknown> | null;
}

@ObjectType('AuditEventEdge', { description: 'An audit event and its cursor.' })
export class AuditEventEdgeModel {
  @Field({ description: 'Pass as `after` to continue after this event.' })
  cursor: string;

  @Field(() => AuditEventModel, { description: 'The event.' })
  node: AuditEventModel;
}

@ObjectType('AuditEventConnection', { description: 'A page of the audit trail, newest first.' })
export class AuditEventConnectionModel {
  @Field(() => [AuditEventEdgeModel], { description: 'The events of this page.' })
  edges: AuditEventEdgeModel[];

  @Field(() => PageInfoModel, { description: 'Where this page stands.' })
  pageInfo: PageInfoModel;

  @Field(() => Int, { description: 'Events matching the filter.' })
  totalCount: number;
}
