import { Field, InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { ManagerRoleEnum } from '../../common/graphql-enums';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE, FitsColumn } from '../../common/validation/validators';
import { MANAGER_ROLES, type ManagerRole } from '../manager-role';
import { ManagerEntity } from '../manager.entity';

@InputType('UpsertManagerInput', { description: 'A bank user, created or updated by their staff or system id.' })
export class UpsertManagerInput {
  @Field({ description: "The bank's staff or system id (what tokens carry as `sub`)." })
  @Matches(EXTERNAL_ID, { message: `externalId ${EXTERNAL_ID_MESSAGE}` })
  externalId: string;

  @Field({ description: 'Name.' })
  @IsString()
  @MinLength(1)
  @FitsColumn(() => ManagerEntity)
  name: string;

  @Field(() => ManagerRoleEnum, { description: 'Role at the company: EMPLOYEE, EXECUTIVE or OWNER.' })
  @IsIn(MANAGER_ROLES)
  role: ManagerRole;

  @Field(() => String, { nullable: true, description: 'Branch external id; null for users without a branch (SYSTEM, ADMIN).' })
  @IsOptional()
  @Matches(EXTERNAL_ID, { message: `branchExternalId ${EXTERNAL_ID_MESSAGE}` })
  branchExternalId?: string | null;
}
