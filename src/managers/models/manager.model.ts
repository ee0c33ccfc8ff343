import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ManagerRoleEnum } from '../../common/graphql-enums';
import type { ManagerRole } from '../manager-role';

@ObjectType('Manager', { description: 'A bank user: relationship manager, branch manager, rule administrator, system or administrator.' })
export class ManagerModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: "The bank's own staff or system id." })
  externalId: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field(() => ManagerRoleEnum, { description: 'Role, which decides what the user may see.' })
  role: ManagerRole;

  branchId: string | null;
}
