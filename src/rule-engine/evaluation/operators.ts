/**
 * json-rules-engine 7.3.1's default operators and operator decorators, written out with the very same
 * expressions (engine-default-operators.js, engine-default-operator-decorators.js, operator.js,
 * operator-decorator.js, operator-map.js). An operator evaluates as `validator(factValue) &&
 * callback(factValue, jsonValue)`; a decorated operator gets the decorator's validator and calls the
 * inner operator (with its own validator) as `next`.
 */

/** `(factValue, jsonValue) => boolean`; may throw exactly where json-rules-engine's operator throws. */
export type OperatorFn = (factValue: any, jsonValue: any) => boolean;

/** json-rules-engine's fact validator of the lessThan/greaterThan families. */
export function numberValidator(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== 'NaN';
}

/**
 * `numberValidator` with a fast path: for a number, `parseFloat(String(n))` is NaN only for NaN
 * (Infinity prints as "Infinity" and parses back), so the validator is `n === n`.
 */
export function isNumberLike(factValue: any): boolean {
  return typeof factValue === 'number' ? factValue === factValue : Number.parseFloat(factValue).toString() !== 'NaN';
}

export const BASE_OPERATORS: ReadonlyMap<string, OperatorFn> = new Map<string, OperatorFn>([
  ['equal', (a, b) => a === b],
  ['notEqual', (a, b) => a !== b],
  ['in', (a, b) => b.indexOf(a) > -1],
  ['notIn', (a, b) => b.indexOf(a) === -1],
  ['contains', (a, b) => Array.isArray(a) && a.indexOf(b) > -1],
  ['doesNotContain', (a, b) => Array.isArray(a) && a.indexOf(b) === -1],
  ['lessThan', (a, b) => isNumberLike(a) && a < b],
  ['lessThanInclusive', (a, b) => isNumberLike(a) && a <= b],
  ['greaterThan', (a, b) => isNumberLike(a) && a > b],
  ['greaterThanInclusive', (a, b) => isNumberLike(a) && a >= b],
]);

type Decorator = (next: OperatorFn) => OperatorFn;

export const OPERATOR_DECORATORS: ReadonlyMap<string, Decorator> = new Map<string, Decorator>([
  ['someFact', (next) => (a, b) => Array.isArray(a) && a.some((fv) => next(fv, b))],
  ['someValue', (next) => (a, b) => b.some((jv: unknown) => next(a, jv))],
  ['everyFact', (next) => (a, b) => Array.isArray(a) && a.every((fv) => next(fv, b))],
  ['everyValue', (next) => (a, b) => b.every((jv: unknown) => next(a, jv))],
  ['swap', (next) => (a, b) => next(b, a)],
  ['not', (next) => (a, b) => !next(a, b)],
]);

export interface ParsedOperator {
  base: string;
  /** Decorators as written, outermost first: `not:someFact:in` → ['not', 'someFact']. */
  decorators: string[];
}

/**
 * OperatorMap.get of a fresh Engine: peel `decorator:` prefixes until a base operator remains.
 * Null where json-rules-engine finds no operator (it would reject with "Unknown operator").
 */
export function parseOperator(name: unknown): ParsedOperator | null {
  if (typeof name !== 'string') return null;
  const decorators: string[] = [];
  let opName = name;
  while (!BASE_OPERATORS.has(opName)) {
    const index = opName.indexOf(':');
    if (index <= 0) return null;
    const decorator = opName.slice(0, index);
    if (!OPERATOR_DECORATORS.has(decorator)) return null;
    decorators.push(decorator);
    opName = opName.slice(index + 1);
  }
  return { base: opName, decorators };
}

export function buildOperator(parsed: ParsedOperator): OperatorFn {
  let op = BASE_OPERATORS.get(parsed.base)!;
  for (let i = parsed.decorators.length - 1; i >= 0; i--) op = OPERATOR_DECORATORS.get(parsed.decorators[i])!(op);
  return op;
}

/** A side of the comparison: a value known when compiling (a literal) or only when evaluating. */
export type Side = { known: true; value: unknown } | { known: false };
const UNKNOWN: Side = { known: false };

/**
 * True when converting the value to a primitive (what `<`, `parseFloat` and `String` do) cannot
 * throw: primitives other than symbols, arrays of such values, and ordinary objects without an own
 * `toString` (`{ "toString": 1 }` or a null-prototype object cannot be converted).
 */
export function convertsToPrimitive(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return typeof value !== 'symbol';
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype && value.every(convertsToPrimitive);
  return Object.getPrototypeOf(value) === Object.prototype && !Object.prototype.hasOwnProperty.call(value, 'toString');
}

/**
 * True when the operator cannot throw, whatever an unknown side holds, given what is known of each
 * side. Conservative: false means "may throw". Used only to decide whether a condition may be skipped
 * once its group's result is known (it is then only checked for missing facts).
 * - equal, notEqual, contains, doesNotContain never throw (strict equality, Array.isArray, an array's indexOf);
 * - in/notIn call `value.indexOf(fact)`: safe only for an array value;
 * - the lessThan family converts both sides to primitives (the validator's parseFloat, then `<`),
 *   which throws for a null-prototype object or an object with an own non-function `toString`: safe
 *   only when both sides are known and convertible.
 */
export function operatorCannotThrow(parsed: ParsedOperator, factSide: Side, valueSide: Side): boolean {
  const walk = (i: number, a: Side, b: Side): boolean => {
    if (i === parsed.decorators.length) {
      // `b.indexOf(a)`: an array's indexOf never throws; anything else may
      switch (parsed.base) {
        case 'in':
        case 'notIn':
          return b.known && Array.isArray(b.value);
        case 'equal':
        case 'notEqual':
        case 'contains':
        case 'doesNotContain':
          return true;
        default:
          return a.known && b.known && convertsToPrimitive(a.value) && convertsToPrimitive(b.value);
      }
    }
    switch (parsed.decorators[i]) {
      case 'not':
        return walk(i + 1, a, b);
      case 'swap':
        return walk(i + 1, b, a);
      case 'someFact':
      case 'everyFact':
        if (!a.known) return walk(i + 1, UNKNOWN, b);
        if (!Array.isArray(a.value)) return true; // the validator answers false
        return a.value.every((item) => walk(i + 1, { known: true, value: item }, b));
      case 'someValue':
      case 'everyValue':
        if (!b.known || !Array.isArray(b.value)) return false; // `jsonValue.some` may not exist
        return b.value.every((item) => walk(i + 1, a, { known: true, value: item }));
      default:
        return false;
    }
  };
  return walk(0, factSide, valueSide);
}
