/**
 * Condition evaluation benchmark: the compiled evaluator against json-rules-engine used plainly.
 *
 * `benchEvaluation(conditionsList, factsList)` measures, in one run:
 * - compiled: every rule's compiled conditions over every fact map (after a short warm-up);
 * - json-rules-engine: ONE Engine holding all the rules, one `await engine.run(facts)` per fact map,
 *   events counted — on the first `referenceSample` fact maps (default 5,000; it also stops at the
 *   time budget), since it is ~100× slower;
 * and counts the sampled fact maps whose fired rule set differs between the two.
 * Importing this module has no side effects; run it directly for a synthetic benchmark:
 *   npx tsc -p tsconfig.build.json --outDir /tmp/build-eval --incremental false && node /tmp/build-eval/src/bench/evaluation.bench.js
 */
import { performance } from 'node:perf_hooks';
import { Engine } from 'json-rules-engine';
import { compileConditions, type EvaluateOptions } from '../rule-engine/evaluation';
import { cloneJson } from '../rule-engine/evaluation/clone';
import { FACT_CATALOGUE, type FactSpec } from '../rule-engine/facts/fact-catalogue';
import type { ConditionNode, FactMap, TopLevelCondition } from '../rule-engine/types';

export interface EvaluationBenchOptions extends EvaluateOptions {
  /** Fact maps json-rules-engine runs (the first ones). Default 5,000. */
  referenceSample?: number;
  /** json-rules-engine stops early after this long. Default 8,000 ms. */
  referenceBudgetMs?: number;
}

export interface EvaluationBenchResult {
  rules: number;
  factMaps: number;
  /** Fact maps the compiled evaluator ran every rule on (all of factsList). */
  compiledEvaluations: number;
  /** Fact maps per second, every rule evaluated on each (compiled). */
  compiledPerSecond: number;
  /** Fact maps per second through one json-rules-engine Engine, one run each (on the sample). */
  referencePerSecond: number;
  ratio: number;
  /** Sampled fact maps whose fired rules differ (or where only one side threw). */
  mismatches: number;
  /** How many fact maps json-rules-engine ran (the first ones of factsList). */
  referenceSample: number;
  compiledMs: number;
  referenceMs: number;
  compileMs: number;
  /** Rule firings counted by the compiled pass over every fact map. */
  compiledFired: number;
  /** Rule firings json-rules-engine reported on the sample (its events). */
  referenceFired: number;
  /** Fact maps where evaluation threw (compiled pass, all fact maps). */
  compiledErrors: number;
}

const THREW = 'threw';

export async function benchEvaluation(
  conditionsList: TopLevelCondition[],
  factsList: FactMap[],
  options: EvaluationBenchOptions = {},
): Promise<EvaluationBenchResult> {
  const evaluateOptions: EvaluateOptions = { allowUndefinedFacts: options.allowUndefinedFacts ?? false };
  const sampleSize = Math.min(options.referenceSample ?? 5000, factsList.length);
  const budgetMs = options.referenceBudgetMs ?? 8000;

  const compileStart = performance.now();
  const compiled = conditionsList.map((conditions) => compileConditions(conditions, evaluateOptions));
  const compileMs = performance.now() - compileStart;
  const evaluators = compiled.map((c) => c.evaluate);
  const ruleCount = evaluators.length;

  const firedSet = (facts: FactMap): string => {
    const fired: number[] = [];
    try {
      for (let r = 0; r < ruleCount; r++) if (evaluators[r](facts)) fired.push(r);
    } catch {
      return THREW;
    }
    return fired.join(',');
  };

  // warm-up, then the timed pass over every fact map
  for (let i = 0; i < Math.min(2000, factsList.length); i++) firedSet(factsList[i]);
  let compiledFired = 0;
  let compiledErrors = 0;
  const compiledStart = performance.now();
  for (let i = 0; i < factsList.length; i++) {
    const facts = factsList[i];
    try {
      for (let r = 0; r < ruleCount; r++) if (evaluators[r](facts)) compiledFired++;
    } catch {
      compiledErrors++;
    }
  }
  const compiledMs = performance.now() - compiledStart;

  // json-rules-engine, used plainly: one Engine with every rule, one run per fact map
  const makeEngine = (): Engine =>
    new Engine(
      conditionsList.map((conditions, r) => ({ conditions: cloneJson(conditions) as any, event: { type: String(r) } })),
      { allowUndefinedFacts: evaluateOptions.allowUndefinedFacts },
    );
  let engine = makeEngine();
  const referenceSets: string[] = [];
  let referenceFired = 0;
  const referenceStart = performance.now();
  for (let i = 0; i < sampleSize; i++) {
    try {
      const { events } = await engine.run(factsList[i] as Record<string, any>);
      referenceFired += events.length;
      referenceSets.push(
        events
          .map((event) => Number(event.type))
          .sort((a, b) => a - b)
          .join(','),
      );
    } catch {
      referenceSets.push(THREW);
      engine = makeEngine(); // after a rejected run the same Engine returns no events
    }
    if (performance.now() - referenceStart > budgetMs) break;
  }
  const referenceMs = performance.now() - referenceStart;
  const referenceSample = referenceSets.length;

  let mismatches = 0;
  for (let i = 0; i < referenceSample; i++) if (firedSet(factsList[i]) !== referenceSets[i]) mismatches++;

  const compiledPerSecond = factsList.length / (compiledMs / 1000);
  const referencePerSecond = referenceSample / (referenceMs / 1000);
  return {
    rules: ruleCount,
    factMaps: factsList.length,
    compiledEvaluations: factsList.length,
    compiledPerSecond,
    referencePerSecond,
    ratio: compiledPerSecond / referencePerSecond,
    mismatches,
    referenceSample,
    compiledMs,
    referenceMs,
    compileMs,
    compiledFired,
    referenceFired,
    compiledErrors,
  };
}

// ---------------------------------------------------------------------------------------------
// Synthetic data for running this file directly: fact maps shaped like exampleFacts() and rules
// over the fact catalogue's paths.

/** A small seeded PRNG (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PathShape {
  fact: string;
  path: string;
  type: 'number' | 'string' | 'boolean' | 'string[]';
  values?: readonly string[];
  nullable?: boolean;
  range: [number, number];
}

const RANGES: Record<string, [number, number]> = {
  '$.age': [18, 70],
  '$.creditScore': [300, 850],
  '$.riskTolerance': [1, 5],
  '$.riskAssessmentExpiredDays': [-365, 365],
  '$.dependants': [0, 4],
  '$.dormantDays': [0, 400],
  '$.salaryRetentionDays': [0, 30],
  '$.tenureMonths': [0, 240],
  '$.relationshipYears': [0, 30],
  '$.openOpportunities': [0, 3],
  '$.daysSinceLastContact': [0, 365],
  '$.count': [0, 8],
  '$.loanCount': [0, 3],
  '$.posTerminalCount': [0, 10],
};

function shapesFromCatalogue(catalogue: readonly FactSpec[]): PathShape[] {
  return catalogue.flatMap((fact) =>
    fact.paths.map((p) => {
      const example = typeof p.example === 'number' ? Math.abs(p.example) : 0;
      return {
        fact: fact.name,
        path: p.path,
        type: p.type as PathShape['type'],
        values: p.values ?? (p.type === 'string' ? ['Engineer', 'Manager', 'Analyst', 'Director'] : undefined),
        nullable: p.nullable,
        range: RANGES[p.path] ?? [0, Math.max(10, Math.round(example * 3))],
      };
    }),
  );
}

function syntheticFacts(shapes: PathShape[], count: number, seed: number): FactMap[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const list: FactMap[] = [];
  for (let i = 0; i < count; i++) {
    const facts: Record<string, Record<string, unknown>> = {};
    for (const shape of shapes) {
      const target = (facts[shape.fact] ??= {});
      const key = shape.path.slice(2);
      if (shape.nullable && rnd() < 0.1) {
        target[key] = null;
        continue;
      }
      switch (shape.type) {
        case 'number':
          target[key] = Math.round(shape.range[0] + rnd() * (shape.range[1] - shape.range[0]));
          break;
        case 'boolean':
          target[key] = rnd() < 0.5;
          break;
        case 'string':
          target[key] = pick(shape.values!);
          break;
        case 'string[]': {
          const n = Math.floor(rnd() * 4);
          target[key] = Array.from(new Set(Array.from({ length: n }, () => pick(shape.values!))));
          break;
        }
      }
    }
    list.push(facts);
  }
  return list;
}

function syntheticRules(shapes: PathShape[], count: number, seed: number): TopLevelCondition[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const leaf = (): ConditionNode => {
    const shape = pick(shapes);
    const base = { fact: shape.fact, path: shape.path };
    switch (shape.type) {
      case 'number': {
        const [lo, hi] = shape.range;
        const threshold = Math.round(lo + (0.2 + rnd() * 0.6) * (hi - lo));
        return { ...base, operator: pick(['greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive']), value: threshold };
      }
      case 'boolean':
        return { ...base, operator: 'equal', value: rnd() < 0.5 };
      case 'string': {
        const values = shape.values!;
        const subset = values.filter(() => rnd() < 0.6);
        return rnd() < 0.7
          ? { ...base, operator: rnd() < 0.8 ? 'in' : 'notIn', value: subset.length > 0 ? subset : [values[0]] }
          : { ...base, operator: rnd() < 0.7 ? 'equal' : 'notEqual', value: pick(values) };
      }
      case 'string[]':
        return { ...base, operator: rnd() < 0.4 ? 'contains' : 'doesNotContain', value: pick(shape.values!) };
    }
  };
  const rules: TopLevelCondition[] = [];
  for (let r = 0; r < count; r++) {
    const all: ConditionNode[] = Array.from({ length: 2 + Math.floor(rnd() * 4) }, leaf);
    if (rnd() < 0.4) all.push({ any: [leaf(), leaf()] });
    if (rnd() < 0.25) all.push({ not: leaf() });
    if (rnd() < 0.2) all[0] = { ...all[0], priority: 2 };
    rules.push({ all });
  }
  return rules;
}

/** Synthetic rules over the fact catalogue's paths and fact maps shaped like exampleFacts() (seeded). */
export function syntheticEvaluationData(ruleCount: number, factMapCount: number, seed = 42): { rules: TopLevelCondition[]; facts: FactMap[] } {
  const shapes = shapesFromCatalogue(FACT_CATALOGUE);
  return { rules: syntheticRules(shapes, ruleCount, seed + 1), facts: syntheticFacts(shapes, factMapCount, seed) };
}

async function main(): Promise<void> {
  const generateStart = performance.now();
  const { rules, facts } = syntheticEvaluationData(40, 100_000);
  const generateMs = performance.now() - generateStart;
  const result = await benchEvaluation(rules, facts);
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`condition evaluation: ${result.rules} rules × ${f(result.factMaps)} fact maps (generated in ${f(generateMs)} ms), Node ${process.version}`);
  console.log(`  compiled            ${f(result.compiledPerSecond)} fact maps/s (${f(result.compiledMs)} ms for all; compile ${result.compileMs.toFixed(1)} ms; ${f(result.compiledFired)} firings)`);
  console.log(`  json-rules-engine   ${f(result.referencePerSecond)} fact maps/s (first ${f(result.referenceSample)} fact maps, ${f(result.referenceMs)} ms; one Engine, one run each)`);
  console.log(`  ratio               ${result.ratio.toFixed(0)}×`);
  console.log(`  mismatches          ${result.mismatches} of ${f(result.referenceSample)} sampled fact maps (fired sets; ${f(result.referenceFired)} events)`);
  if (result.mismatches > 0 || result.compiledErrors > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
