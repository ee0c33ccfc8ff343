/** Deep copies of rule JSON (arrays and plain objects; anything else is kept as it is). */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A deep copy that keeps `undefined`, NaN and an own `__proto__` key (JSON.parse can make one). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) {
    const item = cloneJson(value[key]);
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy as T;
}

/**
 * The copy json-rules-engine evaluates: RuleResult clones the rule's conditions on every run with the
 * `clone` package (2.x), and operators see that copy's `value`. For rule data its algorithm is:
 * arrays copy every enumerable index; an object becomes `Object.create(its prototype)` and gets every
 * `for…in` key EXCEPT keys the prototype itself holds as a data property — so a plain object loses
 * own `toString`, `constructor`, `valueOf`, `hasOwnProperty`… — and an own `__proto__` key is
 * assigned through the setter (it replaces the copy's prototype). Other object kinds (Date, Map…)
 * are not rule data and are kept as they are.
 */
export function engineCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown>;
  let proto: object | null = null;
  if (Array.isArray(value)) copy = [] as unknown as Record<string, unknown>;
  else if (isPlainObject(value)) {
    proto = Object.getPrototypeOf(value) as object | null;
    copy = Object.create(proto);
  } else return value;
  for (const key in source) {
    const inherited = proto ? Object.getOwnPropertyDescriptor(proto, key) : undefined;
    if (inherited && inherited.set == null) continue;
    copy[key] = engineCopy(source[key]);
  }
  return copy as T;
}

/**
 * A condition's literal value as json-rules-engine's operators see it (`engineCopy`), frozen: a
 * literal compared by identity (`equal` with an object value, `in` with object items) never meets a
 * caller's object, and traces may hand it out without anyone mutating the evaluator.
 */
export function frozenEngineCopy<T>(value: T): T {
  const copy = engineCopy(value);
  const freeze = (item: unknown): void => {
    if (item !== null && typeof item === 'object' && !Object.isFrozen(item)) {
      Object.freeze(item);
      for (const child of Object.values(item)) freeze(child);
    }
  };
  freeze(copy);
  return copy;
}
