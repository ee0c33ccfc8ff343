/**
 * The compiler: rule conditions (json-rules-engine 7.3.1 syntax) become a tree of plain closures once;
 * evaluating runs the closures synchronously with json-rules-engine's exact meaning, including when
 * it throws. Values and paths are data captured by the closures; nothing from the rule text is ever
 * executed (no eval, no Function).
 *
 * How json-rules-engine evaluates (rule.js), and so how this does:
 * - `all`/`any` with no child is true; with one child it is that child;
 * - with two or more, children are grouped by priority (a boolean child's priority is
 *   `parseInt(priority, 10) || 1`; a fact condition's is its raw `priority`, 1 when falsy) and the
 *   groups run from highest to lowest: every condition of a group is evaluated (any of them may throw),
 *   and once a group decides the result (`all`: a false, `any`: a true) later groups are not evaluated
 *   at all — so a missing fact there does not throw;
 * - a nested `{ condition: name }` reference to a named condition is realized on evaluation: the named
 *   tree is evaluated in its place, while the reference's own `priority` placed it among its siblings;
 *   a reference to a name the engine does not have throws `No condition name exists` when evaluated.
 *   References are resolved here, once; a circular one is refused (json-rules-engine would recurse
 *   until the stack overflows).
 *
 * `evaluate` short-circuits inside a group too, but "checks" the conditions it skips so that it
 * throws exactly when json-rules-engine would: a skipped condition whose operator and path cannot
 * throw is only checked for facts not already read (compiling tracks, in evaluation order, which
 * facts are known to read without error by then); any other skipped condition is evaluated.
 *
 * Two phases: `parse` validates like json-rules-engine's Rule and Condition constructors and builds
 * the static tree; `lower` makes the evaluator closures, knowing what was read before each node.
 */
import type { ConditionLeaf, ConditionTrace, FactMap } from '../types';
import { frozenEngineCopy } from './clone';
import { InvalidConditionError, UnknownOperatorError } from './errors';
import { buildOperator, numberValidator, operatorCannotThrow, parseOperator, type OperatorFn, type ParsedOperator } from './operators';
import { compileFactRead, compileRead, plainPathSteps, type CompiledRead, type FactReader } from './paths';

export interface CompileSettings {
  allowUndefinedFacts: boolean;
  /**
   * Named conditions (json-rules-engine's `engine.setCondition(name, conditions)`): a reference
   * `{ condition: name }` to one of them stands for its tree. A name not here keeps json-rules-engine's
   * `No condition … exists` error on evaluation.
   */
  namedConditions?: ReadonlyMap<string, unknown>;
}

type Evaluator = (facts: FactMap) => boolean;
/** Throws exactly when evaluating would (in the same place of the tree); null when it cannot throw. */
type Check = ((facts: FactMap) => unknown) | null;

export interface CompiledConditionTree {
  evaluate: Evaluator;
  explain(facts: FactMap): ConditionTrace;
  leaves(): readonly ConditionLeaf[];
}

const hasOwn = (value: unknown, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

const ROOT_MESSAGE = '"conditions" root must contain a single instance of "all", "any", "not", or "condition"';

/** Compiles a rule's `conditions` (Rule.setConditions + the Condition constructor's checks). */
export function compileRoot(conditions: unknown, settings: CompileSettings): CompiledConditionTree {
  if (!conditions || !['all', 'any', 'not', 'condition'].some((key) => hasOwn(conditions, key))) {
    throw new InvalidConditionError(ROOT_MESSAGE, 'conditions');
  }
  const root = parse(conditions, 'conditions', true, settings, []);
  const touches = new Map<string, FactReader>();
  const { evaluate } = lower(root, new Set(), settings, touches);
  const leaves: ConditionLeaf[] = [];
  leavesOf(root, false, leaves);
  Object.freeze(leaves);
  return { evaluate, explain: (facts) => explainNode(root, facts, true), leaves: () => leaves };
}

/** The leaf conditions in document order: the order `explainNode` visits fact nodes in. */
function leavesOf(node: Node, negated: boolean, out: ConditionLeaf[]): void {
  switch (node.kind) {
    case 'reference':
      out.push(Object.freeze({ fact: '', path: null, operator: 'condition', value: node.reference, dynamic: false, negated }));
      return;
    case 'not':
      leavesOf(node.child, !negated, out);
      return;
    case 'fact':
      out.push(
        Object.freeze({
          fact: node.fact as string,
          path: node.path === undefined ? null : (node.path as string),
          operator: node.operator,
          value: node.valueRead ? undefined : node.literal,
          dynamic: node.valueRead !== null,
          negated,
        }),
      );
      return;
    default:
      for (const child of node.children) leavesOf(child, negated, out);
  }
}

// ---------------------------------------------------------------------------------------------
// Phase 1: parse

type Named = { name?: string };

/** A fact read by a condition: `key` is the name when it can be tracked as read (a string). */
interface Read {
  key: string | null;
  fact: unknown;
}

interface FactNode {
  kind: 'fact';
  /** What json-rules-engine's prioritizeConditions reads as this condition's priority. */
  priority: unknown;
  named: Named;
  fact: unknown;
  path: unknown;
  operator: string;
  op: OperatorFn;
  factRead: CompiledRead;
  valueRead: CompiledRead | null;
  /** The literal value (json-rules-engine's per-run copy, frozen); undefined for a fact reference. */
  literal: any;
  evaluate: Evaluator;
  /** True when only a missing (or function-valued) fact can make it throw. */
  onlyReadsThrow: boolean;
  /** The facts it reads, in json-rules-engine's order (the referenced value first). */
  reads: Read[];
}

interface GroupNode {
  kind: 'all' | 'any';
  priority: unknown;
  named: Named;
  children: Node[];
  /** Child indexes by priority group, highest first (two or more children), or the error json-rules-engine throws. */
  order: { groups: number[][] } | { fail: () => never };
}

interface NotNode {
  kind: 'not';
  priority: unknown;
  named: Named;
  child: Node;
}

interface ReferenceNode {
  kind: 'reference';
  priority: unknown;
  named: Named;
  reference: unknown;
  fail: () => never;
}

type Node = FactNode | GroupNode | NotNode | ReferenceNode;

function namedOf(props: any): Named {
  return props.name !== undefined ? { name: props.name as string } : {};
}

function parse(props: unknown, at: string, isRoot: boolean, settings: CompileSettings, resolving: readonly string[]): Node {
  if (!props) throw new InvalidConditionError('Condition: constructor options required', at);
  const p = props as any;
  const booleanOperator = hasOwn(p, 'any') ? 'any' : hasOwn(p, 'all') ? 'all' : hasOwn(p, 'not') ? 'not' : undefined;
  let children: Node[] = [];
  let priority: unknown;
  if (booleanOperator) {
    const sub = p[booleanOperator];
    const isArray = Array.isArray(sub);
    if (booleanOperator !== 'not' && !isArray) throw new InvalidConditionError(`"${booleanOperator}" must be an array`, at);
    if (booleanOperator === 'not' && isArray) throw new InvalidConditionError('"not" cannot be an array', at);
    priority = parseInt(p.priority, 10) || 1;
    children = isArray
      ? (sub as unknown[]).map((child, i) => parse(child, `${at}.${booleanOperator}[${i}]`, false, settings, resolving))
      : [parse(sub, `${at}.not`, false, settings, resolving)];
  } else {
    // Condition copies the raw `priority` onto itself before parsing it (into the caller's object)
    priority = p.priority;
    if (!hasOwn(p, 'condition')) {
      for (const key of ['fact', 'operator', 'value']) {
        if (!hasOwn(p, key)) throw new InvalidConditionError(`Condition: constructor "${key}" property required`, at);
      }
    }
  }
  const named = namedOf(p);
  // Nested, a condition reference wins over all/any/not; at the root, all/any/not win (rule.js)
  if (hasOwn(p, 'condition') && (!isRoot || !booleanOperator)) {
    const reference = p.condition;
    const definition = typeof reference === 'string' && settings.namedConditions?.has(reference) ? settings.namedConditions.get(reference) : undefined;
    if (definition !== undefined) return realize(reference as string, definition, priority, named, at, settings, resolving);
    const fail = (): never => {
      throw new Error('No condition ' + (reference as string) + ' exists');
    };
    return { kind: 'reference', priority, named, reference, fail };
  }
  if (booleanOperator === 'not') return { kind: 'not', priority, named, child: children[0] };
  if (booleanOperator) return { kind: booleanOperator, priority, named, children, order: orderOf(children) };
  return parseFact(p, priority, named, at, settings);
}

/**
 * A reference to a named condition: the named tree in its place (json-rules-engine's `realize`), with
 * the reference's priority for ordering it among its siblings.
 */
function realize(name: string, definition: unknown, priority: unknown, named: Named, at: string, settings: CompileSettings, resolving: readonly string[]): Node {
  if (resolving.includes(name)) {
    throw new InvalidConditionError(`condition "${name}" refers to itself: ${[...resolving.slice(resolving.indexOf(name)), name].join(' → ')}`, at);
  }
  const d = definition as any;
  if (!d || !['all', 'any', 'not', 'condition'].some((key) => hasOwn(d, key))) throw new InvalidConditionError(ROOT_MESSAGE, `${at}.condition(${name})`);
  const node = parse(definition, `${at}.condition(${name})`, false, settings, [...resolving, name]);
  return { ...node, priority, named: node.named.name !== undefined ? node.named : named.name !== undefined ? named : { name } };
}

/** json-rules-engine's Rule.prioritizeConditions, verbatim (including how it orders odd priorities). */
function prioritize<T extends { priority: unknown }>(conditions: T[]): T[][] {
  const factSets = conditions.reduce((sets: any, condition) => {
    let priority: any = condition.priority;
    if (!priority) priority = 1;
    if (!sets[priority]) sets[priority] = [];
    sets[priority].push(condition);
    return sets;
  }, {});
  return Object.keys(factSets)
    .sort((a, b) => (Number(a) > Number(b) ? -1 : 1))
    .map((priority) => factSets[priority]);
}

function orderOf(children: Node[]): GroupNode['order'] {
  if (children.length < 2) return { groups: [children.map((_, i) => i)] };
  try {
    const groups = prioritize(children.map((child, index) => ({ index, priority: child.priority })));
    return { groups: groups.map((group) => group.map((member) => member.index)) };
  } catch (error) {
    // json-rules-engine throws this on every evaluation of the group (e.g. a priority "__proto__")
    const ErrorType = error instanceof TypeError ? TypeError : Error;
    const message = (error as Error).message;
    return {
      fail: (): never => {
        throw new ErrorType(message);
      },
    };
  }
}

function parseFact(p: any, priority: unknown, named: Named, at: string, settings: CompileSettings): FactNode {
  const { fact, path, operator, value } = p;
  const parsed = parseOperator(operator);
  if (!parsed) throw new UnknownOperatorError(operator, at);
  const op = buildOperator(parsed);
  const factRead = compileRead(fact, path, settings.allowUndefinedFacts);
  // json-rules-engine evaluates a per-run copy of the conditions (see engineCopy). Almanac.getValue:
  // an object with an own `fact` is a reference to another fact (params play no part for constant facts)
  const copied: any = frozenEngineCopy(value);
  const isReference = copied != null && typeof copied === 'object' && hasOwn(copied, 'fact');
  const valueRead = isReference ? compileRead(copied.fact, copied.path, settings.allowUndefinedFacts) : null;
  const literal: any = isReference ? undefined : copied;

  let evaluate: Evaluator;
  const readFact = factRead.read;
  if (valueRead) {
    const readValue = valueRead.read;
    evaluate = (facts) => {
      const b = readValue(facts);
      return op(readFact(facts), b);
    };
  } else {
    evaluate = fusedLiteralEvaluator(fact, path, parsed, literal, settings.allowUndefinedFacts) ?? ((facts) => op(readFact(facts), literal));
  }

  const onlyReadsThrow =
    factRead.onlyMissingThrows &&
    (!valueRead || valueRead.onlyMissingThrows) &&
    operatorCannotThrow(parsed, { known: false }, valueRead ? { known: false } : { known: true, value: literal });
  const readOf = (name: unknown): Read => ({ key: typeof name === 'string' ? name : null, fact: name });
  const reads = isReference ? [readOf(copied.fact), readOf(fact)] : [readOf(fact)];
  return { kind: 'fact', priority, named, fact, path, operator, op, factRead, valueRead, literal, evaluate, onlyReadsThrow, reads };
}

const OPCODES: Record<string, number> = {
  equal: 0,
  notEqual: 1,
  in: 2,
  notIn: 3,
  contains: 4,
  doesNotContain: 5,
  lessThan: 6,
  lessThanInclusive: 7,
  greaterThan: 8,
  greaterThanInclusive: 9,
};

const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * The hot path, in one closure: an undecorated operator against a literal, on a fact named by a
 * string, with no path or a plain one. Same meaning as compileRead + the operator, without the calls
 * in between. Null when the condition does not have that shape.
 */
function fusedLiteralEvaluator(fact: unknown, path: unknown, parsed: ParsedOperator, b: any, allowUndefinedFacts: boolean): Evaluator | null {
  if (parsed.decorators.length > 0 || typeof fact !== 'string' || fact in Object.prototype) return null;
  const opcode = OPCODES[parsed.base];
  if ((opcode === 2 || opcode === 3) && !Array.isArray(b)) return null;
  const steps = path ? plainPathSteps(path) : null;
  if (path && steps === null) return null;
  const n = steps === null ? -1 : steps.length;
  const k0 = n > 0 ? steps![0] : '';
  // the exact reader for what the fast read does not settle: an undefined read (a missing fact, or
  // one holding undefined) and a function value
  const exactRead = compileFactRead(fact, allowUndefinedFacts);
  return (facts) => {
    let a: any = facts[fact];
    if (a === undefined || typeof a === 'function') a = exactRead(facts);
    if (n >= 0 && a !== null && typeof a === 'object') {
      if (n === 1) a = hasOwnProperty.call(a, k0) ? a[k0] : undefined;
      else {
        for (let i = 0; i < n; i++) {
          const step = steps![i];
          if (!a || !hasOwnProperty.call(a, step)) {
            a = undefined;
            break;
          }
          a = a[step];
        }
      }
    }
    switch (opcode) {
      case 0:
        return a === b;
      case 1:
        return a !== b;
      case 2:
        return b.indexOf(a) > -1;
      case 3:
        return b.indexOf(a) === -1;
      case 4:
        return Array.isArray(a) && a.indexOf(b) > -1;
      case 5:
        return Array.isArray(a) && a.indexOf(b) === -1;
      case 6:
        return (typeof a === 'number' ? a === a : numberValidator(a)) && a < b;
      case 7:
        return (typeof a === 'number' ? a === a : numberValidator(a)) && a <= b;
      case 8:
        return (typeof a === 'number' ? a === a : numberValidator(a)) && a > b;
      default:
        return (typeof a === 'number' ? a === a : numberValidator(a)) && a >= b;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 2: lower to evaluator closures

interface Lowered {
  evaluate: Evaluator;
  check: Check;
  /** Facts known to read without error once this node has been evaluated or checked without error. */
  after: ReadonlySet<string>;
}

/**
 * `known`: facts already read without error whenever this node is reached (reading a fact again
 * gives the same outcome, so a skipped condition need not read them again).
 */
function lower(node: Node, known: ReadonlySet<string>, settings: CompileSettings, touches: Map<string, FactReader>): Lowered {
  switch (node.kind) {
    case 'reference':
      return { evaluate: node.fail, check: node.fail, after: known };
    case 'not': {
      const child = lower(node.child, known, settings, touches);
      const childEvaluate = child.evaluate;
      return { evaluate: (facts) => !childEvaluate(facts), check: child.check, after: child.after };
    }
    case 'fact':
      return lowerFact(node, known, settings, touches);
    default:
      return lowerGroup(node, known, settings, touches);
  }
}

function lowerFact(node: FactNode, known: ReadonlySet<string>, settings: CompileSettings, touches: Map<string, FactReader>): Lowered {
  const after = new Set(known);
  for (const read of node.reads) if (read.key !== null) after.add(read.key);
  if (!node.onlyReadsThrow) return { evaluate: node.evaluate, check: node.evaluate, after };
  const needed: FactReader[] = [];
  const seen = new Set<string>();
  for (const read of node.reads) {
    if (read.key === null) needed.push(compileFactRead(read.fact, settings.allowUndefinedFacts));
    else if (!known.has(read.key) && !seen.has(read.key)) {
      seen.add(read.key);
      let touch = touches.get(read.key);
      if (!touch) touches.set(read.key, (touch = compileFactRead(read.key, settings.allowUndefinedFacts)));
      needed.push(touch);
    }
  }
  return { evaluate: node.evaluate, check: combineChecks(needed), after };
}

function combineChecks(checks: ((facts: FactMap) => unknown)[]): Check {
  if (checks.length === 0) return null;
  if (checks.length === 1) return checks[0];
  return (facts) => {
    for (let i = 0; i < checks.length; i++) checks[i](facts);
  };
}

function lowerGroup(node: GroupNode, known: ReadonlySet<string>, settings: CompileSettings, touches: Map<string, FactReader>): Lowered {
  const { kind: op, children } = node;
  if (children.length === 0) return { evaluate: () => true, check: null, after: known };
  if (children.length === 1) return lower(children[0], known, settings, touches);
  if ('fail' in node.order) return { evaluate: node.order.fail, check: node.order.fail, after: known };

  // Within a priority group json-rules-engine evaluates every child, so their order changes neither
  // the result nor whether it throws: children that may throw for other reasons than a missing fact
  // (whose check is a full evaluation) go first, so that the ones after a decision are cheap to check.
  const groups = node.order.groups.map((group) => [...group.filter((i) => mayThrowOtherwise(children[i])), ...group.filter((i) => !mayThrowOtherwise(children[i]))]);
  const lowered: Lowered[] = new Array(children.length);
  let reached = known;
  let afterFirstGroup: ReadonlySet<string> | undefined;
  for (const group of groups) {
    for (const index of group) {
      lowered[index] = lower(children[index], reached, settings, touches);
      reached = lowered[index].after;
    }
    afterFirstGroup ??= reached;
  }
  const evaluators = groups.map((group) => groupEvaluator(op, group.map((index) => lowered[index])));

  if (groups.length === 1) {
    // every child is evaluated or checked, in order
    const checks = groups[0].flatMap((index) => (lowered[index].check ? [lowered[index].check!] : []));
    return { evaluate: evaluators[0], check: combineChecks(checks), after: reached };
  }
  const count = evaluators.length;
  const evaluate: Evaluator =
    op === 'all'
      ? (facts) => {
          for (let i = 0; i < count; i++) if (!evaluators[i](facts)) return false;
          return true;
        }
      : (facts) => {
          for (let i = 0; i < count; i++) if (evaluators[i](facts)) return true;
          return false;
        };
  // which later groups run depends on results: checking means evaluating (unless nothing can throw)
  const check = lowered.every((child) => child.check === null) ? null : evaluate;
  return { evaluate, check, after: afterFirstGroup! };
}

/** True when evaluating the node may throw although every fact it reads is defined. */
function mayThrowOtherwise(node: Node): boolean {
  switch (node.kind) {
    case 'fact':
      return !node.onlyReadsThrow;
    case 'not':
      return mayThrowOtherwise(node.child);
    case 'reference':
      return true;
    default:
      return 'fail' in node.order || node.children.some(mayThrowOtherwise);
  }
}

/** One priority group: short-circuits, then checks the children it skipped. */
function groupEvaluator(op: 'all' | 'any', members: Lowered[]): Evaluator {
  const n = members.length;
  const evaluators = members.map((member) => member.evaluate);
  // once the i-th child decides, the checks of the children after it
  const rest = members.map((_, i) => members.slice(i + 1).flatMap((member) => (member.check ? [member.check] : [])));
  const needsChecks = rest.some((checks) => checks.length > 0);
  if (op === 'all') {
    if (!needsChecks) {
      return (facts) => {
        for (let i = 0; i < n; i++) if (!evaluators[i](facts)) return false;
        return true;
      };
    }
    return (facts) => {
      for (let i = 0; i < n; i++) {
        if (!evaluators[i](facts)) {
          const checks = rest[i];
          for (let j = 0; j < checks.length; j++) checks[j](facts);
          return false;
        }
      }
      return true;
    };
  }
  if (!needsChecks) {
    return (facts) => {
      for (let i = 0; i < n; i++) if (evaluators[i](facts)) return true;
      return false;
    };
  }
  return (facts) => {
    for (let i = 0; i < n; i++) {
      if (evaluators[i](facts)) {
        const checks = rest[i];
        for (let j = 0; j < checks.length; j++) checks[j](facts);
        return true;
      }
    }
    return false;
  };
}

// ---------------------------------------------------------------------------------------------
// Explaining: every branch, with json-rules-engine's result

/**
 * `strict`: errors propagate (json-rules-engine evaluates this branch). Otherwise the branch is one
 * json-rules-engine skips: it is still traced, and a condition there that cannot be evaluated is false.
 */
function explainNode(node: Node, facts: FactMap, strict: boolean): ConditionTrace {
  switch (node.kind) {
    case 'reference':
      if (strict) node.fail();
      return { kind: 'fact', result: false, ...node.named, fact: '', operator: 'condition', value: node.reference, factValue: undefined };
    case 'not': {
      const trace = explainNode(node.child, facts, strict);
      return { kind: 'not', result: !trace.result, ...node.named, children: [trace] };
    }
    case 'fact':
      return explainFact(node, facts, strict);
    default:
      return explainGroup(node, facts, strict);
  }
}

function explainGroup(node: GroupNode, facts: FactMap, strict: boolean): ConditionTrace {
  const { kind, children, named } = node;
  if (children.length === 0) return { kind, result: true, ...named, children: [] };
  if (children.length === 1) {
    const trace = explainNode(children[0], facts, strict);
    return { kind, result: trace.result, ...named, children: [trace] };
  }
  if ('fail' in node.order) {
    if (strict) node.order.fail();
    return { kind, result: false, ...named, children: children.map((child) => explainNode(child, facts, false)) };
  }
  const traces: ConditionTrace[] = new Array(children.length);
  let result = kind === 'all';
  let decided = false;
  for (const group of node.order.groups) {
    const live = strict && !decided;
    let groupResult = kind === 'all';
    for (const index of group) {
      const trace = explainNode(children[index], facts, live);
      traces[index] = trace;
      groupResult = kind === 'all' ? groupResult && trace.result : groupResult || trace.result;
    }
    if (!decided && (kind === 'all' ? !groupResult : groupResult)) {
      result = !result;
      decided = true;
    }
  }
  return { kind, result, ...named, children: traces };
}

function explainFact(node: FactNode, facts: FactMap, strict: boolean): ConditionTrace {
  const { factRead, valueRead, op } = node;
  let value: unknown = node.literal;
  let factValue: unknown;
  let result = false;
  if (strict) {
    if (valueRead) value = valueRead.read(facts);
    factValue = factRead.read(facts);
    result = op(factValue, value);
  } else {
    let failed = false;
    if (valueRead) {
      try {
        value = valueRead.read(facts);
      } catch {
        failed = true;
        value = undefined;
      }
    }
    try {
      factValue = factRead.read(facts);
    } catch {
      failed = true;
    }
    if (!failed) {
      try {
        result = op(factValue, value);
      } catch {
        result = false;
      }
    }
  }
  return {
    kind: 'fact',
    result,
    ...node.named,
    fact: node.fact as string,
    ...(node.path !== undefined ? { path: node.path as string } : {}),
    operator: node.operator,
    value,
    factValue,
  };
}
