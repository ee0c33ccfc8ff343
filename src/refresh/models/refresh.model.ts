import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { enumObject, registerDescribedEnum } from '../../common/graphql-enums';
import { RefreshSummaryModel } from '../../opportunities/models/opportunity.model';

export const REFRESH_JOB_STATES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type RefreshJobState = (typeof REFRESH_JOB_STATES)[number];
export const RefreshJobStateEnum = enumObject(REFRESH_JOB_STATES);
registerDescribedEnum(RefreshJobStateEnum, 'RefreshJobState', 'Where a refresh job stands on the queue.', {
  QUEUED: 'Waiting for a worker, or waiting to be retried after a failure.',
  RUNNING: 'A worker is refreshing the opportunities now.',
  COMPLETED: 'Done: the opportunities reflect the changes the job covered.',
  FAILED: 'Every retry failed: the job was dead-lettered and shows in refreshStatus.',
});

@ObjectType('RefreshRequest', { description: 'A refresh put on the queue, and where it stands.' })
export class RefreshRequestModel {
  @Field(() => ID, { description: 'The job id (the same id when an equal job was already waiting).' })
  jobId: string;

  @Field({ description: 'The queue: refresh-company for one client, refresh-full for every client.' })
  queue: string;

  @Field(() => RefreshJobStateEnum, { description: 'Where the job stands when the answer was sent.' })
  state: RefreshJobState;

  @Field(() => RefreshSummaryModel, { nullable: true, description: "What the refresh did, once a company's refresh has completed (null before, and for a full refresh)." })
  summary: RefreshSummaryModel | null;
}

@ObjectType('RefreshJob', { description: 'One refresh job: ids and times only.' })
export class RefreshJobModel {
  @Field(() => ID, { description: 'The job id.' })
  id: string;

  @Field({ description: 'Its queue (refresh-persons, refresh-company, refresh-full; refresh-dead for a dead letter).' })
  queue: string;

  @Field(() => ID, { nullable: true, description: 'The corporate client it refreshes, for a company job.' })
  corporateClientId: string | null;

  @Field(() => ID, { nullable: true, description: 'The person it refreshes, for a person job.' })
  personId: string | null;

  @Field(() => Int, { description: 'Retries so far.' })
  retryCount: number;

  @Field({ description: 'When it was queued.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When its last attempt started.' })
  startedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'For a failed job: the error class and code (never data).' })
  error: string | null;
}

@ObjectType('RefreshStatus', { description: 'How far the refresh work is behind the changes: the queue and the changes not yet reflected.' })
export class RefreshStatusModel {
  @Field(() => ID, { nullable: true, description: 'The branch this status is limited to (null: the whole bank).' })
  branchId: string | null;

  @Field(() => Int, { description: 'Jobs waiting (or waiting for a retry).' })
  queuedJobs: number;

  @Field(() => Int, { description: 'Jobs running now.' })
  runningJobs: number;

  @Field(() => Int, { description: 'Dead letters: jobs that failed after every retry.' })
  failedJobs: number;

  @Field(() => Int, { description: 'Persons with a change not yet reflected in their opportunities.' })
  pendingPersons: number;

  @Field(() => Int, { description: 'Companies with a change (or a requested full refresh) not yet reflected.' })
  pendingCompanies: number;

  @Field(() => Float, { nullable: true, description: 'Age in seconds of the oldest change not yet reflected; null when nothing is pending.' })
  oldestPendingChangeAgeSeconds: number | null;

  @Field(() => [RefreshJobModel], { description: 'Jobs running now (at most 20).' })
  running: RefreshJobModel[];

  @Field(() => [RefreshJobModel], { description: 'Dead letters, newest first (at most 20).' })
  failed: RefreshJobModel[];
}
