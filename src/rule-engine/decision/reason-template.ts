/**
 * The default reason renderer: plain `{{fact.path}}` substitution. The service injects the real
 * renderer (formatting, masking); this one keeps the core usable and testable on its own.
 */
import type { FactMap } from '../types';
import type { ReasonRenderer } from './decision.types';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A template split once: literal text at even indexes, property paths at odd ones. */
type CompiledTemplate = ReadonlyArray<string | readonly string[]>;

const compiled = new Map<string, CompiledTemplate>();
const MAX_CACHED_TEMPLATES = 10_000;

function compile(template: string): CompiledTemplate {
  let parts = compiled.get(template);
  if (parts) return parts;
  const out: Array<string | readonly string[]> = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    out.push(template.slice(last, match.index), match[1]!.split('.').filter((p) => p !== '' && p !== '$'));
    last = match.index + match[0].length;
  }
  out.push(template.slice(last));
  parts = out;
  if (compiled.size >= MAX_CACHED_TEMPLATES) compiled.clear();
  compiled.set(template, parts);
  return parts;
}

/** `{{employment.monthlySalary}}` → the value at that path; null or missing → "unknown". */
export const renderReasonTemplate: ReasonRenderer = (template: string, facts: FactMap): string => {
  if (template.indexOf('{{') === -1) return template;
  const parts = compile(template);
  let text = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) text += show(read(facts, parts[i] as readonly string[])) + (parts[i + 1] as string);
  return text;
};

function read(facts: FactMap, path: readonly string[]): unknown {
  let current: unknown = facts;
  for (let i = 0; i < path.length; i++) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[path[i]!];
  }
  return current;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'unknown';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(show).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
