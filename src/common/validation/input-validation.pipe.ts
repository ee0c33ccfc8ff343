import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { pathOfNul } from './validators';

/**
 * Nest's ValidationPipe (class-validator on every argument and input class), after refusing any
 * string that holds a NUL character anywhere in the arguments: PostgreSQL cannot store or compare
 * one, so it would otherwise fail inside the database.
 */
export class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const at = pathOfNul(value);
      if (at) throw new BadRequestException([`${at} must not contain NUL characters`]);
    }
    return super.transform(value, metadata);
  }
}
