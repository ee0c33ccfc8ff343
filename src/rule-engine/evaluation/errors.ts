/**
 * Errors of the condition evaluator. Messages of evaluation-time errors are json-rules-engine's own
 * where it has one (`Undefined fact: x`, `No condition x exists`, `factId required`).
 */

/** A condition read a fact the fact map does not define (and `allowUndefinedFacts` is off). */
export class UndefinedFactError extends Error {
  readonly code = 'UNDEFINED_FACT';
  constructor(readonly fact: string) {
    super(`Undefined fact: ${fact}`);
    this.name = 'UndefinedFactError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Raised by `compileConditions`: the operator (or one of its decorators) is not json-rules-engine's. */
export class UnknownOperatorError extends Error {
  readonly code = 'UNKNOWN_OPERATOR';
  constructor(
    readonly operator: unknown,
    /** Where in the rule's conditions, e.g. `conditions.all[1].any[0]`. */
    readonly at: string,
  ) {
    super(`Unknown operator: ${describe(operator)} (at ${at})`);
    this.name = 'UnknownOperatorError';
  }
}

/** Raised by `compileConditions` where json-rules-engine would refuse the rule when it is added. */
export class InvalidConditionError extends Error {
  readonly code = 'INVALID_CONDITION';
  constructor(
    /** json-rules-engine's own message. */
    readonly reason: string,
    readonly at: string,
  ) {
    super(`${reason} (at ${at})`);
    this.name = 'InvalidConditionError';
  }
}

/**
 * A fact value is a function. json-rules-engine would call it as a dynamic fact (possibly async);
 * fact maps are plain data, so the synchronous evaluator refuses instead of guessing.
 */
export class UnsupportedFactValueError extends Error {
  readonly code = 'UNSUPPORTED_FACT_VALUE';
  constructor(readonly fact: string) {
    super(`Fact "${fact}" is a function: fact maps must be plain data`);
    this.name = 'UnsupportedFactValueError';
  }
}
