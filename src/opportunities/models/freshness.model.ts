import { Field, Int, ObjectType } from '@nestjs/graphql';

/** What every opportunity list and lead connection says about its freshness (reads never recompute). */
@ObjectType({ isAbstract: true })
export abstract class FreshnessModel {
  @Field(() => Date, {
    nullable: true,
    description: 'When what is shown was last decided (the oldest last refresh among the companies in scope, or for one party its own); null before the first refresh.',
  })
  freshAsOf: Date | null;

  @Field(() => Int, {
    description: 'Changes in scope recorded but not yet reflected (changed persons and companies whose refresh is still queued); 0 when what is shown is current.',
  })
  pendingChanges: number;
}
