import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination/pagination';
import { AuditActionEnum } from '../models/audit-event.model';
import { AUDIT_ACTIONS, type AuditAction } from '../audit-action';

@InputType('AuditLogFilter', { description: 'Narrows the audit trail; omitted fields do not filter.' })
export class AuditLogFilterInput {
  @Field(() => String, { nullable: true, description: "Only this manager's acts (their external id)." })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  managerExternalId?: string;

  @Field(() => AuditActionEnum, { nullable: true, description: 'Only this kind of act.' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @Field(() => String, { nullable: true, description: 'Only acts of this GraphQL operation, e.g. employeeProspects.' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  operation?: string;

  @Field(() => String, { nullable: true, description: 'From this instant on (ISO 8601), inclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @Field(() => String, { nullable: true, description: 'Before this instant (ISO 8601), exclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AuditLogFilterInput, { nullable: true, description: 'Narrows the trail: manager, action, operation, time.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditLogFilterInput)
  filter?: AuditLogFilterInput;
}
