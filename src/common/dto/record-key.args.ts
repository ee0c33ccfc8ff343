import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { AppError } from '../errors/app-error';

/** Finds a record by our id or by the bank's external id: exactly one of the two. */
@ArgsType()
export class RecordKeyArgs {
  @Field(() => ID, { nullable: true, description: 'Internal id (uuid).' })
  @IsOptional()
  @IsUUID('all', { message: 'id must be a uuid' })
  id?: string;

  @Field(() => String, { nullable: true, description: "The bank's external id (what other systems use)." })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  externalId?: string;
}

export function recordKey(args: RecordKeyArgs): { id: string } | { externalId: string } {
  if ((args.id === undefined) === (args.externalId === undefined)) {
    throw AppError.badInput('give exactly one of id and externalId', ['id', 'externalId']);
  }
  return args.id !== undefined ? { id: args.id } : { externalId: args.externalId! };
}

export const describeKey = (key: { id: string } | { externalId: string }) =>
  'id' in key ? `with id ${key.id}` : `with external id ${key.externalId}`;
