/**
 * Reason templates: `Salary of {{employment.monthlySalary}} a month is paid here`. A placeholder is
 * `{{fact.path}}`, the path written without `$.` (nested paths with dots). How a value is shown is
 * the formatter's business, so masking (salary bands for corporate RMs) never touches rendering.
 */
import { findFactPath, type FactPathSpec } from '../facts/fact-catalogue';

/** One `{{…}}` in a template. */
export interface ReasonPlaceholder {
  /** The placeholder as written, braces included. */
  raw: string;
  /** Offset of `raw` in the template. */
  offset: number;
  fact: string;
  /** JSONPath as conditions write it (`$.monthlySalary`); empty string when the placeholder has none. */
  path: string;
  /** The catalogue entry, when the placeholder names a known fact path. */
  spec?: FactPathSpec;
}

/** Decides how a placeholder's value is shown. */
export type ReasonFormatter = (value: unknown, placeholder: ReasonPlaceholder) => string;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function parseReasonPlaceholders(template: string): ReasonPlaceholder[] {
  const found: ReasonPlaceholder[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    const dot = name.indexOf('.');
    const fact = dot === -1 ? name : name.slice(0, dot);
    const rest = dot === -1 ? '' : name.slice(dot + 1);
    const path = rest ? `$.${rest}` : '';
    const spec = rest ? findFactPath(fact, path) : undefined;
    found.push({
      raw: match[0],
      offset: match.index ?? 0,
      fact,
      path,
      ...(spec && 'type' in spec ? { spec } : {}),
    });
  }
  return found;
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function plain(value: unknown): string {
  if (value === null || value === undefined) return 'unknown';
  if (typeof value === 'number') return Number.isFinite(value) ? NUMBER.format(value) : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(plain).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Numbers with thousands separators (12,500), lists comma-separated, booleans yes/no, null "unknown". */
export const defaultReasonFormat: ReasonFormatter = (value) => plain(value);

type Segment = string | { placeholder: ReasonPlaceholder; fact: string; parts: string[] };

/** Parsed templates: a template is parsed once, whatever the number of renderings. */
const compiled = new Map<string, Segment[]>();
const MAX_COMPILED = 10_000;

function segmentsOf(template: string): Segment[] {
  let segments = compiled.get(template);
  if (segments) return segments;
  segments = [];
  let last = 0;
  for (const placeholder of parseReasonPlaceholders(template)) {
    if (placeholder.offset > last) segments.push(template.slice(last, placeholder.offset));
    segments.push(
      placeholder.spec
        ? { placeholder, fact: placeholder.fact, parts: placeholder.path.replace(/^\$\.?/, '').split('.').filter(Boolean) }
        : placeholder.raw,
    );
    last = placeholder.offset + placeholder.raw.length;
  }
  if (last < template.length) segments.push(template.slice(last));
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(template, segments);
  return segments;
}

function read(facts: Record<string, unknown>, fact: string, parts: readonly string[]): unknown {
  let current: unknown = facts[fact];
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Fills the placeholders from the facts. A placeholder the catalogue does not know (the validator
 * rejects those) is left as written. Templates are parsed once and cached.
 */
export function renderReason(template: string, facts: Record<string, unknown>, format: ReasonFormatter = defaultReasonFormat): string {
  let out = '';
  for (const segment of segmentsOf(template)) {
    out += typeof segment === 'string' ? segment : format(read(facts, segment.fact, segment.parts), segment.placeholder);
  }
  return out;
}
