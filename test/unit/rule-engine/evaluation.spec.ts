/**
 * The compiled condition evaluator, edge by edge. Every expectation about json-rules-engine's meaning
 * is also asserted against json-rules-engine itself (`referenceEvaluate`), so a test states the
 * behaviour and proves it is json-rules-engine's.
 */
import {
  InvalidConditionError,
  UndefinedFactError,
  UnknownOperatorError,
  UnsupportedFactValueError,
  compileConditions,
  referenceEvaluate,
  referenceFiredRules,
  type EvaluateOptions,
  type ReferenceRule,
} from '../../../src/rule-engine/evaluation';
import type { ConditionTrace, FactMap, TopLevelCondition } from '../../../src/rule-engine/types';

const c = (conditions: unknown): TopLevelCondition => conditions as TopLevelCondition;

/** Evaluates with the compiled evaluator (evaluate and explain) and json-rules-engine; all must agree. */
async function agreed(conditions: unknown, facts: FactMap, options: EvaluateOptions = {}): Promise<boolean> {
  const compiled = compileConditions(c(conditions), options);
  const evaluated = compiled.evaluate(facts);
  expect(compiled.explain(facts).result).toBe(evaluated);
  expect(await referenceEvaluate(c(conditions), facts, options)).toBe(evaluated);
  return evaluated;
}

/** The compiled evaluator (evaluate and explain) and json-rules-engine all throw. */
async function allThrow(conditions: unknown, facts: FactMap, expected: RegExp | string | ErrorConstructor, options: EvaluateOptions = {}): Promise<void> {
  await expect(referenceEvaluate(c(conditions), facts, options)).rejects.toThrow(expected);
  const compiled = compileConditions(c(conditions), options);
  expect(() => compiled.evaluate(facts)).toThrow(expected);
  expect(() => compiled.explain(facts)).toThrow(expected);
}

const leaf = (fact: string, operator: string, value: unknown, extra: Record<string, unknown> = {}) => ({ fact, operator, value, ...extra });

describe('boolean groups', () => {
  it('treats an empty any as true', async () => {
    expect(await agreed({ any: [] }, {})).toBe(true);
  });

  it('treats an empty all as true', async () => {
    expect(await agreed({ all: [] }, {})).toBe(true);
  });

  it('treats a not of an empty any as false', async () => {
    expect(await agreed({ not: { any: [] } }, {})).toBe(false);
  });

  it('gives an all or any with one child the child’s result', async () => {
    expect(await agreed({ any: [leaf('a', 'equal', 1)] }, { a: 1 })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'equal', 1)] }, { a: 2 })).toBe(false);
  });

  it('combines nested all, any and not', async () => {
    const conditions = { all: [{ any: [leaf('a', 'equal', 1), leaf('b', 'equal', 2)] }, { not: leaf('c', 'equal', 3) }] };
    expect(await agreed(conditions, { a: 0, b: 2, c: 4 })).toBe(true);
    expect(await agreed(conditions, { a: 0, b: 2, c: 3 })).toBe(false);
    expect(await agreed(conditions, { a: 0, b: 0, c: 4 })).toBe(false);
  });
});

describe('lessThan / greaterThan families', () => {
  it('accepts numeric strings through parseFloat and then compares with JS < and >', async () => {
    expect(await agreed({ all: [leaf('a', 'greaterThan', 9)] }, { a: '10' })).toBe(true);
    // both strings: JS compares them as strings, so '10' < '9'
    expect(await agreed({ all: [leaf('a', 'lessThan', '9')] }, { a: '10' })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'lessThanInclusive', 7)] }, { a: ' 7' })).toBe(true);
  });

  it('is false when the fact is not number-like (null, text, booleans, objects)', async () => {
    for (const a of [null, 'abc', true, false, { n: 1 }, '']) {
      expect(await agreed({ any: [leaf('a', 'lessThan', 100), leaf('a', 'greaterThanInclusive', -100)] }, { a })).toBe(false);
    }
  });

  it('is false for an undefined fact read with allowUndefinedFacts', async () => {
    expect(await agreed({ all: [leaf('missing', 'lessThan', 100)] }, {}, { allowUndefinedFacts: true })).toBe(false);
  });

  it('lets text that starts with a number pass the validator and leaves the answer to JS comparison', async () => {
    expect(await agreed({ all: [leaf('a', 'lessThan', 10)] }, { a: '5abc' })).toBe(false); // NaN < 10
    expect(await agreed({ all: [leaf('a', 'lessThan', 'z')] }, { a: '5abc' })).toBe(true); // '5abc' < 'z'
  });

  it('lets an array whose text starts with a number pass ([5] < 10)', async () => {
    expect(await agreed({ all: [leaf('a', 'lessThan', 10)] }, { a: [5] })).toBe(true);
  });

  it('treats Infinity as a number and NaN as not one', async () => {
    expect(await agreed({ all: [leaf('a', 'greaterThan', 1e308)] }, { a: Number.POSITIVE_INFINITY })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'notEqual', 0), leaf('a', 'lessThan', 1)] }, { a: Number.NaN })).toBe(false);
  });
});

describe('contains / doesNotContain', () => {
  it('are both false when the fact is not an array', async () => {
    for (const a of ['abc', null, { a: 1 }, 5]) {
      expect(await agreed({ any: [leaf('a', 'contains', 'a'), leaf('a', 'doesNotContain', 'a')] }, { a })).toBe(false);
    }
  });

  it('compare items strictly', async () => {
    expect(await agreed({ all: [leaf('a', 'contains', 1)] }, { a: ['1'] })).toBe(false);
    expect(await agreed({ all: [leaf('a', 'doesNotContain', 1)] }, { a: ['1'] })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'contains', 'x')] }, { a: ['w', 'x'] })).toBe(true);
  });
});

describe('in / notIn', () => {
  it('look the fact up in an array value strictly', async () => {
    expect(await agreed({ all: [leaf('a', 'in', ['A', 'B'])] }, { a: 'B' })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'in', [1, 2])] }, { a: '1' })).toBe(false);
    expect(await agreed({ all: [leaf('a', 'notIn', [1, 2])] }, { a: '1' })).toBe(true);
  });

  it('do a substring search when the value is a string (value.indexOf(fact))', async () => {
    expect(await agreed({ all: [leaf('a', 'in', 'abc')] }, { a: 'b' })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'in', 'abc')] }, { a: '' })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'in', 'a1c')] }, { a: 1 })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'notIn', 'abc')] }, { a: 'd' })).toBe(true);
  });

  it('throw like json-rules-engine when the value has no indexOf', async () => {
    for (const value of [5, null, true, { a: 1 }]) {
      await allThrow({ all: [leaf('a', 'in', value)] }, { a: 'b' }, TypeError);
      await allThrow({ all: [leaf('a', 'notIn', value)] }, { a: 'b' }, TypeError);
    }
  });
});

describe('equal / notEqual', () => {
  it('never finds an object or array value equal to anything', async () => {
    expect(await agreed({ all: [leaf('a', 'equal', [1])] }, { a: [1] })).toBe(false);
    expect(await agreed({ all: [leaf('a', 'equal', { x: 1 })] }, { a: { x: 1 } })).toBe(false);
    expect(await agreed({ all: [leaf('a', 'notEqual', { x: 1 })] }, { a: { x: 1 } })).toBe(true);
  });

  it('compares strictly', async () => {
    expect(await agreed({ all: [leaf('a', 'equal', 30)] }, { a: '30' })).toBe(false);
    expect(await agreed({ all: [leaf('a', 'equal', null)] }, { a: undefined })).toBe(false);
  });
});

describe('fact references as values', () => {
  it('compare against another fact’s value, through its path', async () => {
    const conditions = { all: [leaf('a', 'greaterThan', { fact: 'b', path: '$.limit' }, { path: '$.amount' })] };
    expect(await agreed(conditions, { a: { amount: 5 }, b: { limit: 3 } })).toBe(true);
    expect(await agreed(conditions, { a: { amount: 5 }, b: { limit: 8 } })).toBe(false);
  });

  it('find an object equal to itself when both sides read the same fact', async () => {
    expect(await agreed({ all: [leaf('a', 'equal', { fact: 'a' })] }, { a: { x: 1 } })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'equal', { fact: 'a', path: '$.x' }, { path: '$.x' })] }, { a: { x: [1] } })).toBe(true);
  });

  it('throw for a missing referenced fact unless allowUndefinedFacts', async () => {
    await allThrow({ all: [leaf('a', 'equal', { fact: 'gone' })] }, { a: 1 }, 'Undefined fact: gone');
    expect(await agreed({ all: [leaf('a', 'notEqual', { fact: 'gone' })] }, { a: 1 }, { allowUndefinedFacts: true })).toBe(true);
  });

  it('show the resolved value in the trace', () => {
    const trace = compileConditions(c({ all: [leaf('a', 'lessThan', { fact: 'b', path: '$.limit' })] })).explain({ a: 2, b: { limit: 3 } });
    expect(trace.kind === 'all' && trace.children[0]).toMatchObject({ kind: 'fact', fact: 'a', operator: 'lessThan', value: 3, factValue: 2, result: true });
  });

  it('ignore params (they only matter to dynamic facts)', async () => {
    expect(await agreed({ all: [leaf('a', 'equal', { fact: 'b', params: { x: 1 } }, { params: { y: 2 } })] }, { a: 1, b: 1 })).toBe(true);
  });
});

describe('paths', () => {
  const facts = { p: { a: { b: 7, list: [10, 20], s: 'abc', n: null, zero: 0, constructor: 'own' }, arr: [1, 2] } };
  const read = async (path: string | undefined, value: unknown) => agreed({ all: [leaf('p', 'equal', value, path === undefined ? {} : { path })] }, facts);

  it('walk own properties and array indexes ($.a.b, $.a.list[1], $.a.list.0)', async () => {
    expect(await read('$.a.b', 7)).toBe(true);
    expect(await read('$.a.list[1]', 20)).toBe(true);
    expect(await read('$.a.list.0', 10)).toBe(true);
    expect(await read('$.arr.length', 2)).toBe(true);
  });

  it('yield undefined for a missing key, a null or falsy step, or an index written with a leading zero', async () => {
    for (const path of ['$.missing', '$.a.missing', '$.a.n.x', '$.a.zero.x', '$.a.list[01]', '$.a.list[-1]']) {
      expect(await agreed({ all: [leaf('p', 'equal', { fact: 'nothing' }, { path })] }, facts, { allowUndefinedFacts: true })).toBe(true);
    }
  });

  it('match only own properties: inherited names are missing, an own one is found', async () => {
    expect(await agreed({ all: [leaf('p', 'equal', { fact: 'nothing' }, { path: '$.toString' })] }, facts, { allowUndefinedFacts: true })).toBe(true);
    expect(await read('$.a.constructor', 'own')).toBe(true);
    expect(await agreed({ all: [leaf('p', 'equal', { fact: 'nothing' }, { path: '$.arr.map' })] }, facts, { allowUndefinedFacts: true })).toBe(true);
  });

  it('step into strings (length and characters)', async () => {
    expect(await read('$.a.s.length', 3)).toBe(true);
    expect(await read('$.a.s[0]', 'a')).toBe(true);
  });

  it('yield the fact itself for $ and for a non-object fact', async () => {
    expect(await agreed({ all: [leaf('p', 'equal', { fact: 'p' }, { path: '$' })] }, facts)).toBe(true);
    expect(await agreed({ all: [leaf('p', 'equal', { fact: 'p', path: '$.a' }, { path: '$' })] }, facts)).toBe(false);
    expect(await agreed({ all: [leaf('s', 'equal', 'abc', { path: '$.length' })] }, { s: 'abc' })).toBe(true);
    expect(await agreed({ all: [leaf('n', 'equal', null, { path: '$.x' })] }, { n: null })).toBe(true);
    expect(await agreed({ all: [leaf('s', 'equal', 'abc', { path: '' })] }, { s: 'abc' })).toBe(true);
  });

  it('hand other JSONPath to jsonpath-plus (wildcards, recursive descent, filters, quoted names)', async () => {
    const items = { order: { items: [{ name: 'a', price: 2 }, { name: 'b', price: 5 }] } };
    expect(await agreed({ all: [leaf('order', 'contains', 5, { path: '$.items[*].price' })] }, items)).toBe(true);
    expect(await agreed({ all: [leaf('order', 'contains', 'b', { path: '$..name' })] }, items)).toBe(true);
    expect(await agreed({ all: [leaf('order', 'contains', 'b', { path: '$.items[?(@.price > 3)].name' })] }, items)).toBe(true);
    expect(await agreed({ all: [leaf('order', 'equal', 2, { path: "$['items'][0]['price']" })] }, items)).toBe(true);
    // one match with a wildcard still comes back as an array
    expect(await agreed({ all: [leaf('order', 'contains', 'a', { path: '$.items[0:1].name' })] }, items)).toBe(true);
  });

  it('throw where jsonpath-plus throws (a non-string path)', async () => {
    await allThrow({ all: [leaf('p', 'equal', 1, { path: 5 })] }, facts, TypeError);
  });
});

describe('undefined facts', () => {
  it('throw UndefinedFactError naming the fact, as json-rules-engine rejects', async () => {
    await allThrow({ all: [leaf('nope', 'equal', 1)] }, {}, 'Undefined fact: nope');
    const compiled = compileConditions(c({ all: [leaf('nope', 'equal', 1)] }));
    expect(() => compiled.evaluate({})).toThrow(UndefinedFactError);
    try {
      compiled.evaluate({});
    } catch (error) {
      expect(error).toMatchObject({ code: 'UNDEFINED_FACT', fact: 'nope' });
    }
  });

  it('read as undefined with allowUndefinedFacts', async () => {
    expect(await agreed({ all: [leaf('nope', 'notEqual', 1)] }, {}, { allowUndefinedFacts: true })).toBe(true);
  });

  it('do not include a fact present with the value undefined', async () => {
    expect(await agreed({ all: [leaf('a', 'notEqual', 1)] }, { a: undefined })).toBe(true);
  });

  it('do not include names the fact map only inherits (toString)', async () => {
    await allThrow({ all: [leaf('toString', 'notEqual', 1)] }, {}, 'Undefined fact: toString');
    expect(await agreed({ all: [leaf('toString', 'equal', 1)] }, { toString: 1 } as FactMap)).toBe(true);
  });

  it('throw even when another condition of the same group already decided the result', async () => {
    await allThrow({ all: [leaf('a', 'equal', 2), leaf('nope', 'equal', 1)] }, { a: 1 }, 'Undefined fact: nope');
    await allThrow({ any: [leaf('a', 'equal', 1), leaf('nope', 'equal', 1)] }, { a: 1 }, 'Undefined fact: nope');
  });

  it('refuse a fact map with an empty fact name, like json-rules-engine', async () => {
    await allThrow({ all: [] }, { '': 1 }, 'factId required');
  });

  it('refuse a fact value that is a function (fact maps are plain data)', () => {
    const compiled = compileConditions(c({ all: [leaf('a', 'equal', 1)] }));
    expect(() => compiled.evaluate({ a: () => 1 })).toThrow(UnsupportedFactValueError);
  });
});

describe('operator decorators', () => {
  it('negate with not:', async () => {
    expect(await agreed({ all: [leaf('a', 'not:equal', 1)] }, { a: 2 })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'not:in', [1, 2])] }, { a: 2 })).toBe(false);
  });

  it('apply someFact: and everyFact: to array facts only', async () => {
    expect(await agreed({ all: [leaf('a', 'someFact:greaterThan', 5)] }, { a: [1, 9] })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'everyFact:greaterThan', 5)] }, { a: [1, 9] })).toBe(false);
    expect(await agreed({ all: [leaf('a', 'everyFact:greaterThan', 5)] }, { a: [] })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'someFact:greaterThan', 5)] }, { a: [] })).toBe(false);
    expect(await agreed({ any: [leaf('a', 'someFact:equal', 9), leaf('a', 'everyFact:equal', 9)] }, { a: 9 })).toBe(false);
  });

  it('apply someValue: and everyValue: over the value, throwing when it is not an array', async () => {
    expect(await agreed({ all: [leaf('a', 'someValue:equal', [1, 2])] }, { a: 2 })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'everyValue:lessThan', [5, 6])] }, { a: 2 })).toBe(true);
    await allThrow({ all: [leaf('a', 'someValue:equal', 'ab')] }, { a: 'a' }, TypeError);
  });

  it('swap the sides with swap:', async () => {
    expect(await agreed({ all: [leaf('a', 'swap:contains', 'x')] }, { a: ['w', 'x'] })).toBe(false); // contains('x', [..])
    expect(await agreed({ all: [leaf('a', 'swap:in', 'x')] }, { a: ['w', 'x'] })).toBe(true); // [..].indexOf('x')
    await allThrow({ all: [leaf('a', 'swap:in', 'x')] }, { a: 5 }, TypeError);
  });

  it('chain decorators (not:someFact:in)', async () => {
    expect(await agreed({ all: [leaf('a', 'not:someFact:in', ['B', 'C'])] }, { a: ['A', 'D'] })).toBe(true);
    expect(await agreed({ all: [leaf('a', 'not:someFact:in', ['B', 'C'])] }, { a: ['A', 'C'] })).toBe(false);
  });
});

describe('priority', () => {
  it('stops an all after a false higher-priority condition, so a missing fact later does not throw', async () => {
    expect(await agreed({ all: [leaf('a', 'equal', 2, { priority: 2 }), leaf('nope', 'equal', 1)] }, { a: 1 })).toBe(false);
  });

  it('stops an any after a true higher-priority group', async () => {
    expect(await agreed({ any: [leaf('nope', 'equal', 1), { all: [leaf('a', 'equal', 1)], priority: 5 }] }, { a: 1 })).toBe(true);
  });

  it('evaluates every condition of one priority, so the missing fact throws without priorities', async () => {
    await allThrow({ all: [leaf('a', 'equal', 2, { priority: 2 }), leaf('nope', 'equal', 1, { priority: 2 })] }, { a: 1 }, 'Undefined fact: nope');
  });

  it('does not change the result when every fact is defined', async () => {
    const children = [leaf('a', 'equal', 1), leaf('b', 'equal', 2), { any: [leaf('a', 'equal', 3), leaf('b', 'equal', 2)] }];
    const priorities = [[1, 2, 3], [3, 2, 1], [2, 2, 1], [undefined, 5, undefined]];
    for (const facts of [{ a: 1, b: 2 }, { a: 1, b: 3 }, { a: 3, b: 2 }]) {
      const plain = await agreed({ all: children }, facts);
      for (const list of priorities) {
        const prioritized = children.map((child, i) => (list[i] === undefined ? child : { ...child, priority: list[i] }));
        expect(await agreed({ all: prioritized }, facts)).toBe(plain);
        expect(await agreed({ any: prioritized }, facts)).toBe(await agreed({ any: children }, facts));
      }
    }
  });

  it('reads priorities like json-rules-engine: parseInt for groups, the raw value for fact conditions', async () => {
    // the group's '3x' is 3 and runs first; false, so the missing fact is never read
    expect(await agreed({ all: [leaf('nope', 'equal', 1, { priority: '2' }), { any: [leaf('a', 'equal', 9)], priority: '3x' }] }, { a: 1 })).toBe(false);
    // a fact condition's '3x' is not parsed: Number('3x') is NaN, which sorts it after the priority-2 group
    await allThrow({ all: [leaf('nope', 'equal', 1, { priority: 2 }), leaf('a', 'equal', 9, { priority: '3x' })] }, { a: 1 }, 'Undefined fact: nope');
  });

  it('traces branches json-rules-engine skips, as false where they cannot be evaluated', () => {
    const compiled = compileConditions(c({ all: [leaf('a', 'equal', 2, { priority: 2 }), leaf('nope', 'equal', 1), leaf('a', 'in', 5)] }));
    const trace = compiled.explain({ a: 1 });
    expect(trace.result).toBe(false);
    expect(trace.kind === 'all' && trace.children.map((child) => child.result)).toEqual([false, false, false]);
    expect(trace.kind === 'all' && trace.children[1]).toMatchObject({ fact: 'nope', factValue: undefined });
  });
});

describe('condition references', () => {
  it('throw "No condition … exists" when evaluated, as on a fresh json-rules-engine Engine', async () => {
    await allThrow({ all: [leaf('a', 'equal', 1), { condition: 'shared' }] }, { a: 1 }, 'No condition shared exists');
    await allThrow({ condition: 'shared' }, {}, 'No condition shared exists');
  });

  it('are not evaluated when a higher-priority group decides first', async () => {
    expect(await agreed({ all: [leaf('a', 'equal', 2, { priority: 2 }), { condition: 'shared' }] }, { a: 1 })).toBe(false);
  });
});

describe('compiling', () => {
  it('fails on an unknown operator, naming it and where it is', () => {
    for (const operator of ['equals', 'foo:equal', 'not', 'not:', ':equal']) {
      const conditions = c({ all: [leaf('a', 'equal', 1), { any: [leaf('a', operator, 1)] }] });
      expect(() => compileConditions(conditions)).toThrow(UnknownOperatorError);
      expect(() => compileConditions(conditions)).toThrow(`Unknown operator: ${operator} (at conditions.all[1].any[0])`);
    }
    expect(() => compileConditions(c({ all: [leaf('a', 5 as unknown as string, 1)] }))).toThrow('Unknown operator: 5');
  });

  it('fails on an unknown operator even in a branch json-rules-engine would never reach', async () => {
    const conditions = { all: [leaf('a', 'equal', 2, { priority: 2 }), leaf('a', 'nope', 1)] };
    expect(await referenceEvaluate(c(conditions), { a: 1 })).toBe(false);
    expect(() => compileConditions(c(conditions))).toThrow(UnknownOperatorError);
  });

  it('fails where json-rules-engine refuses the rule, with its message', async () => {
    const cases: [unknown, string][] = [
      [{ fact: 'a', operator: 'equal', value: 1 }, '"conditions" root must contain a single instance of "all", "any", "not", or "condition"'],
      [{ all: leaf('a', 'equal', 1) }, '"all" must be an array'],
      [{ not: [leaf('a', 'equal', 1)] }, '"not" cannot be an array'],
      [{ all: [{ fact: 'a', value: 1 }] }, 'Condition: constructor "operator" property required'],
      [{ all: [{ operator: 'equal', value: 1 }] }, 'Condition: constructor "fact" property required'],
      [{ all: [{ fact: 'a', operator: 'equal' }] }, 'Condition: constructor "value" property required'],
      [{ all: [null] }, 'Condition: constructor options required'],
    ];
    for (const [conditions, message] of cases) {
      await expect(referenceEvaluate(c(conditions), {})).rejects.toThrow(message);
      expect(() => compileConditions(c(conditions))).toThrow(InvalidConditionError);
      expect(() => compileConditions(c(conditions))).toThrow(message);
    }
  });

  it('neither changes the rule JSON nor follows later changes to it', () => {
    const conditions = { all: [leaf('a', 'in', ['x', 'y'], { priority: '2' }), leaf('b', 'equal', 1, { priority: 1 })] };
    const before = JSON.stringify(conditions);
    const compiled = compileConditions(c(conditions));
    expect(JSON.stringify(conditions)).toBe(before);
    (conditions.all[0].value as string[]).push('z');
    conditions.all[1].value = 2;
    expect(compiled.evaluate({ a: 'z', b: 1 })).toBe(false);
    expect(compiled.evaluate({ a: 'y', b: 1 })).toBe(true);
  });

  it('compares text that looks like code as data', async () => {
    const g = globalThis as Record<string, unknown>;
    const value = "x'); globalThis.__evaluationInjected = true; ('";
    expect(await agreed({ all: [leaf('a', 'equal', value), leaf('a', 'notEqual', '1; globalThis.__evaluationInjected = true')] }, { a: value })).toBe(true);
    expect(g.__evaluationInjected).toBeUndefined();
  });

  it('sees literal values as json-rules-engine’s per-run copy does (own toString and constructor dropped)', async () => {
    // the copy is [{}], which converts to '[object Object]'; the original's own toString would throw
    expect(await agreed({ all: [leaf('a', 'lessThan', [{ toString: {} }])] }, { a: 0 })).toBe(false);
  });
});

describe('explain', () => {
  const conditions = c({
    all: [
      leaf('person', 'greaterThanInclusive', 18, { path: '$.age', name: 'adult' }),
      { any: [leaf('holdings', 'contains', 'MORTGAGE', { path: '$.productCodes' }), { not: leaf('person', 'equal', 'VIP', { path: '$.segment' }) }] },
    ],
  });

  it('returns the decided tree with fact, path, operator, value and fact value', () => {
    const trace = compileConditions(conditions).explain({ person: { age: 16, segment: 'MASS' }, holdings: { productCodes: [] } });
    expect(trace).toEqual({
      kind: 'all',
      result: false,
      children: [
        { kind: 'fact', result: false, name: 'adult', fact: 'person', path: '$.age', operator: 'greaterThanInclusive', value: 18, factValue: 16 },
        {
          kind: 'any',
          result: true,
          children: [
            { kind: 'fact', result: false, fact: 'holdings', path: '$.productCodes', operator: 'contains', value: 'MORTGAGE', factValue: [] },
            {
              kind: 'not',
              result: true,
              children: [{ kind: 'fact', result: false, fact: 'person', path: '$.segment', operator: 'equal', value: 'VIP', factValue: 'MASS' }],
            },
          ],
        },
      ],
    } satisfies ConditionTrace);
  });

  it('evaluates every branch and agrees with evaluate', () => {
    const compiled = compileConditions(conditions);
    for (const facts of [
      { person: { age: 16, segment: 'VIP' }, holdings: { productCodes: ['MORTGAGE'] } },
      { person: { age: 40, segment: 'VIP' }, holdings: { productCodes: [] } },
      { person: { age: 40, segment: 'MASS' }, holdings: { productCodes: [] } },
    ]) {
      const trace = compiled.explain(facts);
      expect(trace.result).toBe(compiled.evaluate(facts));
      const leaves: ConditionTrace[] = [];
      const walk = (node: ConditionTrace): void => (node.kind === 'fact' ? void leaves.push(node) : node.children.forEach(walk));
      walk(trace);
      expect(leaves).toHaveLength(3);
    }
  });
});

describe('referenceEvaluate', () => {
  it('uses a fresh engine per call: a rejected run does not empty the next one', async () => {
    const conditions = c({ all: [leaf('a', 'equal', 1)] });
    await expect(referenceEvaluate(conditions, {})).rejects.toThrow('Undefined fact: a');
    expect(await referenceEvaluate(conditions, { a: 1 })).toBe(true);
  });

  it('leaves the conditions as they were (json-rules-engine rewrites priorities it is given)', async () => {
    const conditions = { all: [{ fact: 'a', operator: 'equal', value: 1, priority: '2' }, leaf('a', 'equal', 1)] };
    await referenceEvaluate(c(conditions), { a: 1 });
    expect(conditions.all[0]).toHaveProperty('priority', '2');
  });
});

describe('concurrency', () => {
  const rules: ReferenceRule[] = [
    { id: 'young-saver', priority: 3, conditions: c({ all: [leaf('person', 'lessThan', 30, { path: '$.age' }), leaf('holdings', 'greaterThan', 1000, { path: '$.deposit', priority: 2 })] }) },
    { id: 'no-card', priority: 1, conditions: c({ all: [leaf('holdings', 'doesNotContain', 'CARD', { path: '$.codes' })] }) },
    { id: 'vip-or-rich', priority: 2, conditions: c({ any: [leaf('person', 'equal', 'VIP', { path: '$.segment', priority: 5 }), leaf('holdings', 'greaterThanInclusive', 50000, { path: '$.deposit' })] }) },
    { id: 'not-dormant', priority: 2, conditions: c({ not: { any: [leaf('person', 'equal', true, { path: '$.dormant' }), { all: [], priority: 9 }] } }) },
    {
      id: 'mid-age-no-loan',
      priority: 1,
      conditions: c({ all: [{ any: [leaf('person', 'in', [35, 40, 45], { path: '$.age' })], priority: 4 }, leaf('holdings', 'everyFact:notEqual', 'LOAN', { path: '$.codes', priority: 1 })] }),
    },
    { id: 'segment-listed', priority: 4, conditions: c({ all: [leaf('person', 'in', { fact: 'segments' }, { path: '$.segment' })] }) },
  ];
  const factMaps: FactMap[] = Array.from({ length: 20 }, (_, i) => ({
    person: { age: 20 + ((i * 5) % 40), segment: ['MASS', 'VIP', 'AFFLUENT'][i % 3], dormant: i % 4 === 0 },
    holdings: { deposit: (i * 7919) % 60000, codes: i % 2 === 0 ? ['CARD'] : i % 3 === 0 ? ['LOAN'] : [] },
    segments: i % 5 === 0 ? ['VIP'] : ['MASS', 'VIP'],
  }));
  const compiled = rules.map((rule) => ({ id: rule.id, conditions: compileConditions(rule.conditions) }));

  async function compiledFired(facts: FactMap): Promise<string[]> {
    const fired: string[] = [];
    for (const rule of compiled) {
      await Promise.resolve(); // interleave with the other evaluations
      if (rule.conditions.evaluate(facts)) fired.push(rule.id);
    }
    return fired;
  }

  it('gives the sequential results when 20 evaluations run at once, on json-rules-engine and compiled', async () => {
    const sequentialReference: string[][] = [];
    for (const facts of factMaps) sequentialReference.push(await referenceFiredRules(rules, facts));
    const sequentialCompiled: string[][] = [];
    for (const facts of factMaps) sequentialCompiled.push(await compiledFired(facts));

    const concurrentReference = await Promise.all(factMaps.map((facts) => referenceFiredRules(rules, facts)));
    const concurrentPerRule = await Promise.all(
      factMaps.map(async (facts) => {
        const results = await Promise.all(rules.map((rule) => referenceEvaluate(rule.conditions, facts)));
        return rules.filter((_, i) => results[i]).map((rule) => rule.id);
      }),
    );
    const concurrentCompiled = await Promise.all(factMaps.map((facts) => compiledFired(facts)));

    expect(concurrentReference).toEqual(sequentialReference);
    expect(concurrentPerRule).toEqual(sequentialReference);
    expect(concurrentCompiled).toEqual(sequentialCompiled);
    expect(sequentialCompiled).toEqual(sequentialReference);
    // the set is not trivial: different fact maps fire different rules
    expect(new Set(sequentialReference.map((ids) => ids.join())).size).toBeGreaterThan(4);
  });
});
