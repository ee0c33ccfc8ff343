import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppError } from '../errors/app-error';

/** Relay-style paging arguments: at most 100 items a page, 20 by default. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Items per page (1–100).' })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  after?: string;
}

@ObjectType('PageInfo', { description: 'Where a page stands in the list (the Relay connection specification).' })
export class PageInfoModel {
  @Field({ description: 'True when another page follows.' })
  hasNextPage: boolean;

  @Field({ description: 'True when items come before this page: the page was asked for with `after` (paging is forward only).' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first item of this page; null on an empty page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last item of this page: pass as `after` to get the next page; null on an empty page.' })
  endCursor: string | null;
}

/**
 * The Relay `pageInfo` of a forward (first/after) page: `edges` is the page, `hasNextPage` whether
 * an item follows it, `after` the cursor it was asked with (a valid cursor names an item before the
 * page, so `hasPreviousPage` is whether one was given).
 */
export function pageInfoOf(edges: readonly { cursor: string }[], hasNextPage: boolean, after: string | null | undefined): PageInfoModel {
  return {
    hasNextPage,
    hasPreviousPage: after !== undefined && after !== null,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
}

/** Opaque keyset cursors: the sort key of the last item, never an offset. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends (string | number)[]>(cursor: string | undefined, shape: ('string' | 'number')[]): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) return key as T;
  } catch {
    /* reported below */
  }
  throw AppError.badInput('after is not a cursor of this list', ['after']);
}
