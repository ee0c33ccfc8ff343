/**
 * Reading a fact (and a `path` into it) with json-rules-engine's meaning:
 * - a fact is defined when the fact map enumerates it (Engine.run adds facts with `for…in`); an own
 *   key holding `undefined` is defined, `toString` of a plain object is not;
 * - an undefined fact throws `Undefined fact: x` unless `allowUndefinedFacts` (then it is undefined);
 * - `path` applies only when the fact value is a non-null object, otherwise the fact itself is used;
 * - paths resolve through jsonpath-plus with `wrap: false` (json-rules-engine's default resolver).
 *   Plain paths (`$`, `$.a.b`, `$.a[0]`, `$.a.0`) are compiled to own-property steps that give the
 *   same answer (a step matches only an own property of a truthy value, so strings have `length` and
 *   indexes, null/0/'' intermediates and inherited names match nothing, no match is undefined); every
 *   other path (wildcards, recursive descent, slices, filters, quoted names, paths without `$`,
 *   non-string paths) is handed to json-rules-engine's own resolver on every evaluation.
 */
import { Almanac } from 'json-rules-engine';
import type { FactMap } from '../types';
import { UndefinedFactError, UnsupportedFactValueError } from './errors';

type PathResolver = (value: object, path: unknown) => unknown;

/** json-rules-engine's default path resolver (jsonpath-plus, `wrap: false`), taken from an Almanac. */
export const jsonRulesEnginePathResolver: PathResolver = (() => {
  const resolver = (new Almanac() as unknown as { pathResolver?: PathResolver }).pathResolver;
  if (typeof resolver !== 'function') {
    throw new Error('json-rules-engine: Almanac has no default pathResolver; the condition evaluator depends on it');
  }
  return resolver;
})();

const PLAIN_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\.[0-9]+|\[[0-9]+\])*$/;
const STEP = /\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+)|\[([0-9]+)\]/g;

/** The own-property steps of a plain path (`$.a[0].b` → ['a', '0', 'b']), or null if not plain. */
export function plainPathSteps(path: unknown): string[] | null {
  if (typeof path !== 'string' || !PLAIN_PATH.test(path)) return null;
  const steps: string[] = [];
  for (const match of path.matchAll(STEP)) steps.push(match[1] ?? match[2]);
  return steps;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Resolves `path` in an object fact value; exactly json-rules-engine's resolver's answer. */
export type PathFn = (objectValue: object) => unknown;

export interface CompiledPath {
  resolve: PathFn;
  /** False for paths handed to jsonpath-plus: those may throw (filters, malformed paths). */
  cannotThrow: boolean;
}

/** Null when json-rules-engine applies no path (`path` missing, '', or otherwise falsy). */
export function compilePath(path: unknown): CompiledPath | null {
  if (!path) return null;
  const steps = plainPathSteps(path);
  if (steps === null) return { resolve: (value) => jsonRulesEnginePathResolver(value, path), cannotThrow: false };
  switch (steps.length) {
    case 0:
      return { resolve: (value) => value, cannotThrow: true };
    case 1: {
      const [k0] = steps;
      return { resolve: (value: any) => (hasOwn.call(value, k0) ? value[k0] : undefined), cannotThrow: true };
    }
    case 2: {
      const [k0, k1] = steps;
      return {
        resolve: (value: any) => {
          if (!hasOwn.call(value, k0)) return undefined;
          const v1 = value[k0];
          return v1 && hasOwn.call(v1, k1) ? v1[k1] : undefined;
        },
        cannotThrow: true,
      };
    }
    default:
      return {
        resolve: (value: any) => {
          let current = value;
          for (let i = 0; i < steps.length; i++) {
            const step = steps[i];
            if (!current || !hasOwn.call(current, step)) return undefined;
            current = current[step];
          }
          return current;
        },
        cannotThrow: true,
      };
  }
}

/** Reads one fact with json-rules-engine's meaning; throws UndefinedFactError where it would. */
export type FactReader = (facts: FactMap) => unknown;

function failing(name: unknown, allowUndefinedFacts: boolean): FactReader {
  if (allowUndefinedFacts) return () => undefined;
  return () => {
    throw new UndefinedFactError(String(name));
  };
}

/**
 * The fact value without path. A fact is found by `for…in` (as Engine.run enumerates the fact map);
 * the fast path reads the property and only enumerates when it reads undefined or the name is an
 * Object.prototype member.
 */
export function compileFactRead(name: unknown, allowUndefinedFacts: boolean): FactReader {
  // json-rules-engine keys its almanac by the fact map's (string) keys: any other name is never found
  if (typeof name !== 'string') return failing(name, allowUndefinedFacts);
  const missing = failing(name, allowUndefinedFacts);
  const slow: FactReader = (facts) => {
    for (const key in facts) {
      if (key === name) {
        const value = facts[name];
        if (typeof value === 'function') throw new UnsupportedFactValueError(name);
        return value;
      }
    }
    return missing(facts);
  };
  if (name in Object.prototype) return slow;
  return (facts) => {
    const value = facts[name];
    if (value === undefined) return slow(facts);
    if (typeof value === 'function') throw new UnsupportedFactValueError(name);
    return value;
  };
}

export interface CompiledRead {
  /** The value the operator sees (fact, then path). */
  read: FactReader;
  /** Throws exactly when `read` throws for a missing fact; skips the path. */
  touch: FactReader;
  /** True when only a missing fact can make `read` throw. */
  onlyMissingThrows: boolean;
}

export function compileRead(name: unknown, path: unknown, allowUndefinedFacts: boolean): CompiledRead {
  const fact = compileFactRead(name, allowUndefinedFacts);
  const compiled = compilePath(path);
  if (compiled === null) return { read: fact, touch: fact, onlyMissingThrows: true };
  const resolve = compiled.resolve;
  return {
    read: (facts) => {
      const value = fact(facts);
      return value !== null && typeof value === 'object' ? resolve(value) : value;
    },
    touch: fact,
    onlyMissingThrows: compiled.cannotThrow,
  };
}

/**
 * The fact map as json-rules-engine's Engine.run sees it. Run adds every enumerable key as a fact and
 * refuses an empty fact id ("factId required"); `undefined` means no facts.
 */
export function asFactMap(facts: unknown): FactMap {
  if (facts !== null && typeof facts === 'object') {
    if ('' in facts) {
      for (const key in facts) if (key === '') throw new Error('factId required');
    }
    return facts as FactMap;
  }
  const map: FactMap = Object.create(null);
  const source: any = facts;
  for (const key in source) {
    if (key === '') throw new Error('factId required');
    map[key] = source[key];
  }
  return map;
}
