import { registerDecorator, type ValidationOptions } from 'class-validator';
import { getMetadataArgsStorage } from 'typeorm';

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

type ColumnOptions = { type?: unknown; length?: string | number; precision?: number; scale?: number };

/** The TypeORM column options of an entity property (the one definition of its size). */
export function columnOf(entity: Function, property: string): ColumnOptions {
  const column = getMetadataArgsStorage().columns.find((c) => c.target === entity && c.propertyName === property);
  if (!column) throw new Error(`${entity.name}.${property} is not a column`);
  return column.options as ColumnOptions;
}

/** Why a value does not fit a column, or undefined when it fits. */
export function columnMisfit(column: ColumnOptions, value: unknown, property: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (column.type === 'numeric') {
    const precision = column.precision ?? 18;
    const scale = column.scale ?? 0;
    const match = typeof value === 'string' ? /^-?(\d+)(?:\.(\d+))?$/.exec(value) : undefined;
    if (!match) return `${property} must be a decimal number`;
    if (match[1]!.replace(/^0+(?=\d)/, '').length > precision - scale) return `${property} must have at most ${precision - scale} digits before the decimal point`;
    if ((match[2] ?? '').length > scale) return `${property} must have at most ${scale} decimals`;
    return undefined;
  }
  if (typeof value !== 'string') return `${property} must be a string`;
  if (value.includes('\u0000')) return `${property} must not contain NUL characters`;
  // PostgreSQL counts characters (code points), not UTF-16 units nor what a font shows as one.
  const max = Number(column.length);
  if (Number.isFinite(max) && max > 0 && [...value].length > max) return `${property} must be at most ${max} characters`;
  return undefined;
}

/**
 * The value fits the entity's column: at most its length in characters and no NUL character
 * (PostgreSQL refuses it in text) for strings; at most its digits for numerics. The size is read
 * from the entity, so input and table cannot disagree. `column` defaults to the decorated property.
 */
export function FitsColumn(entity: () => Function, column?: string, options?: ValidationOptions): PropertyDecorator {
  return (target, property) => {
    let problem: string | undefined;
    registerDecorator({
      name: 'fitsColumn',
      target: target.constructor,
      propertyName: property as string,
      options: { message: () => problem ?? `${String(property)} does not fit`, ...options },
      validator: {
        validate(value: unknown) {
          problem = columnMisfit(columnOf(entity(), column ?? (property as string)), value, String(property));
          return problem === undefined;
        },
      },
    });
  };
}

/** The first string (at any depth) holding a NUL character, as a dotted path; PostgreSQL refuses them in text. */
export function pathOfNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = pathOfNul(inner, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/** A date property that must not be before another one of the same object (both YYYY-MM-DD). */
export function IsNotBefore(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must not be before ${other}`, ...options },
      validator: {
        validate(value: unknown, args) {
          const start = (args?.object as Record<string, unknown>)[other];
          return typeof value !== 'string' || typeof start !== 'string' || value >= start;
        },
      },
    });
}
