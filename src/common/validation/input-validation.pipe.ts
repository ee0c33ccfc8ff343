import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { pathOfNul } from './validators';

/** A copy without null-valued properties, at any depth. */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/**
 * Nest's ValidationPipe (class-validator on every argument and input class), after
 * - refusing any string that holds a NUL character anywhere in the arguments: PostgreSQL cannot
 *   store or compare one, so it would otherwise fail inside the database;
 * - reading an explicit null in a query's arguments (`@Args()` classes, such as `after: null`,
 *   which Apollo Client and Relay send for a first page) as the argument left out, so defaults
 *   apply. Named inputs (`@Args('input')` of the upserts) keep their nulls: there null clears.
 */
export class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const at = pathOfNul(value);
      if (at) throw new BadRequestException([`${at} must not contain NUL characters`]);
    }
    const args = metadata.type !== 'custom' && metadata.data === undefined ? withoutNulls(value) : value;
    return super.transform(args, metadata);
  }
}
