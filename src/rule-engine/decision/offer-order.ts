/**
 * The one ordering of offers, within a subject and across subjects: score descending, then product
 * value descending, then rule id ascending, then party id ascending. Ids compare by UTF-16 code
 * units (`<`), never by locale, so the order is the same on every machine.
 */
import type { Offer } from './decision.types';

/** The keys the order reads. */
export interface Rankable {
  readonly score: number;
  readonly value: number;
  readonly ruleId: string;
  readonly partyId: string;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The order within one party: score, value, rule id. Negative when `a` ranks before `b`. */
export function compareWithinParty(a: Omit<Rankable, 'partyId'>, b: Omit<Rankable, 'partyId'>): number {
  if (a.score !== b.score) return a.score > b.score ? -1 : 1;
  if (a.value !== b.value) return a.value > b.value ? -1 : 1;
  return compareIds(a.ruleId, b.ruleId);
}

/** The full order, across parties. Negative when `a` ranks before `b`; 0 only for equal keys. */
export function compareOffers(a: Rankable, b: Rankable): number {
  return compareWithinParty(a, b) || compareIds(a.partyId, b.partyId);
}

/** Orders decisions by their best offer (decisions without offers last, then by party id). */
export function compareDecisionsByBestOffer(
  a: { readonly partyId: string; readonly offers: readonly Offer[] },
  b: { readonly partyId: string; readonly offers: readonly Offer[] },
): number {
  const x = a.offers[0];
  const y = b.offers[0];
  if (x === undefined || y === undefined) {
    if (x !== y) return x === undefined ? 1 : -1;
    return compareIds(a.partyId, b.partyId);
  }
  return compareOffers(x, y);
}
