import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Branch', { description: 'A branch of the bank.' })
export class BranchModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: "The bank's own branch number, used by other systems." })
  externalId: string;

  @Field({ description: 'Branch name.' })
  name: string;

  @Field({ description: 'City of the branch.' })
  city: string;
}
