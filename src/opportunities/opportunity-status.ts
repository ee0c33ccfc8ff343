export const OPPORTUNITY_STATUSES = ['OPEN', 'CONTACTED', 'ACCEPTED', 'DECLINED', 'EXPIRED'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** Statuses of an opportunity still being worked (at most one per party and product). */
export const LIVE_STATUSES: readonly OpportunityStatus[] = ['OPEN', 'CONTACTED'];

export const OUTCOMES = ['CONTACTED', 'ACCEPTED', 'DECLINED'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PARTY_TYPES = ['PERSON', 'COMPANY'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];
