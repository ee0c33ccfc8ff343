import { compareOffers, type Offer } from '../rule-engine/decision';
import { MAX_OPEN_PER_PARTY, type DecidedSubject } from './opportunity-engine.service';
import type { LiveOpportunityRow } from './subjects.repository';

/** An offer the engine decided, with the subject (route) it was decided for. */
export interface PlannedOffer {
  offer: Offer;
  decided: DecidedSubject;
}

/** Which opportunities one company's chunk of decisions keeps; pure, so the refresher writes it and previewOpportunities only shows it. */
export interface OfferPlan {
  /** Per party: the best offer of each product over the party's subjects, best first, capped at the party's free open slots. */
  kept: Map<string, PlannedOffer[]>;
  /** The live opportunities this evaluation owns (recomputes); the others occupy the party's open slots. */
  owned: (o: LiveOpportunityRow) => boolean;
  /** Live opportunities by `partyId|productCode`. */
  liveByKey: Map<string, LiveOpportunityRow>;
}

/**
 * Plans one company's chunk: the best offer per party and product (a company reached through
 * several people has several subjects), at most MAX_OPEN_PER_PARTY open per party counting the
 * live opportunities through other routes. `live` holds the live opportunities of exactly the
 * parties decided (for corporate leads: the company, decided through every linker).
 */
export function planOffers(companyId: string, decided: readonly DecidedSubject[], live: readonly LiveOpportunityRow[]): OfferPlan {
  const byParty = new Map<string, Map<string, PlannedOffer>>();
  const linkages = new Set<string>();
  for (const d of decided) {
    linkages.add(d.subject.linkage);
    let products = byParty.get(d.subject.partyId);
    if (!products) byParty.set(d.subject.partyId, (products = new Map()));
    for (const offer of d.decision.offers) {
      const current = products.get(offer.productCode);
      if (!current || compareOffers(offer, current.offer) < 0) products.set(offer.productCode, { offer, decided: d });
    }
  }
  const owned = (o: LiveOpportunityRow) => o.viaCorporateClientId === companyId && o.status === 'OPEN' && (linkages.has(o.linkage) || (o.linkage === 'CORPORATE_LEAD' && o.partyId === companyId));
  const liveByKey = new Map<string, LiveOpportunityRow>();
  const openElsewhere = new Map<string, number>();
  for (const o of live) {
    liveByKey.set(`${o.partyId}|${o.productCode}`, o);
    if (!owned(o)) openElsewhere.set(o.partyId, (openElsewhere.get(o.partyId) ?? 0) + 1);
  }
  const kept = new Map<string, PlannedOffer[]>();
  for (const [partyId, products] of byParty) {
    let offers = [...products.values()];
    if (offers.length > 1) offers.sort((a, b) => compareOffers(a.offer, b.offer));
    offers = offers.slice(0, Math.max(0, MAX_OPEN_PER_PARTY - (openElsewhere.get(partyId) ?? 0)));
    kept.set(partyId, offers);
  }
  return { kept, owned, liveByKey };
}
