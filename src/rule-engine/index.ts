/**
 * The rule engine's public core API (framework-free: nothing from @nestjs/* or typeorm). Import
 * from here rather than from the files behind it.
 */
export * from './types';
export { compileConditions, type CompiledConditions, type EvaluateOptions } from './evaluation';
export { FACT_CATALOGUE, FACT_NAMES, exampleFacts, findFactPath, type FactPathSpec, type FactSpec, type FactValueType } from './facts/fact-catalogue';
export * from './rules';
