import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('ServiceInstance', { description: 'One instance of the service on this database, as its heartbeat last reported it.' })
export class ServiceInstanceModel {
  @Field({ description: 'The instance: host, process id and a random part.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'The rule set version it serves (null before it loaded one).' })
  servingVersion: string | null;

  @Field({ description: 'When the instance started.' })
  startedAt: Date;

  @Field({ description: 'Its last heartbeat.' })
  lastSeenAt: Date;

  @Field({ description: 'True when no heartbeat came for three heartbeat intervals: the instance is probably gone (forgotten after an hour).' })
  stale: boolean;
}
