import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A real calendar date written YYYY-MM-DD. */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be a date written YYYY-MM-DD`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const d = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
        },
      },
    });
}

/** A non-negative exact amount (Decimal scalar string) below 10^16. */
export function IsMoney(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be a non-negative amount with at most 2 decimals, e.g. "1234.50"`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\d{1,16}(\.\d{1,2})?$/.test(value),
      },
    });
}

/** External ids: what other systems use to refer to records. */
export const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,63}$/;
export const EXTERNAL_ID_MESSAGE = 'must be 1–64 characters: letters, digits and . _ : / - (starting with a letter or digit)';
