import { Injectable } from '@nestjs/common';
import { addDays, todayIso } from '../common/dates';
import { AppConfig } from '../config/app-config';
import {
  compareDecisionsByBestOffer,
  DEFAULT_COOLING_OFF_DAYS,
  DEFAULT_MAX_OPEN_PER_PARTY,
  deciderFor,
  TopK,
  type Decider,
  type OfferExplanation,
  type Decision,
  type DecisionProduct,
  type Subject,
} from '../rule-engine/decision';
import { companyFacts, type CategoryOf, type CompanyRecord } from '../rule-engine/facts/subject-facts';
import { renderReason } from '../rule-engine/rules';
import { RulesService } from '../rules/rules.service';
import {
  companySubject,
  EMPTY_PARTY_STATE,
  personSubject,
  toDecisionProduct,
  toDecisionRules,
  type PartyState,
} from './decision-inputs';
import { explanationPartsOf, type ExplanationParts } from './reason-storage';
import { SubjectsRepository, type EmploymentSubjectRow, type LiveOpportunityRow } from './subjects.repository';

/** Everything one evaluation run needs, fixed at its start (one rule set, one product list, one date). */
export interface EvaluationContext {
  asOf: string;
  /** Rule id → what its explanations take from the rule: reason template and leaf conditions (stored once per version, not per row). */
  explanationParts: ReadonlyMap<string, ExplanationParts>;
  ruleSetVersion: string;
  decider: Decider;
  products: Map<string, DecisionProduct & { id: string }>;
  categoryOf: CategoryOf;
  coolingOffDays: number;
  /** Days an acceptance holds its product back like a holding (ACCEPTANCE_SUPPRESSION_DAYS). */
  acceptanceSuppressionDays: number;
}

/** One subject's decision with what is needed to explain and persist it. */
export interface DecidedSubject {
  subject: Subject;
  decision: Decision;
  viaCorporateClientId: string;
  viaPersonId: string;
  viaRole: string;
  /** The linking person changed since the last computation: kept opportunities get fresh explanations. */
  stale: boolean;
}

/** The contact policy's settings: the decision policy's own defaults, defined once there. */
export const COOLING_OFF_DAYS = DEFAULT_COOLING_OFF_DAYS;
export const MAX_OPEN_PER_PARTY = DEFAULT_MAX_OPEN_PER_PARTY;

/**
 * Turns a scope's data into decisions: loads facts in chunks, evaluates the serving rule set with
 * the engine's policies, and hands each chunk's decisions to a consumer (ranking or persistence).
 */
/** The engine guards' settings from the configuration (see README, Decision engine). */
export const guardPolicy = (config: AppConfig) => ({
  adultAge: config.GUARD_ADULT_AGE,
  maxAgeForLoans: config.GUARD_MAX_AGE_LOANS || null,
  maxAgeForHighRiskInvestments: config.GUARD_MAX_AGE_HIGH_RISK_INVESTMENTS || null,
  maxNewCreditOffers: config.GUARD_MAX_NEW_CREDIT_OFFERS,
});

@Injectable()
export class OpportunityEngineService {
  constructor(
    private readonly rules: RulesService,
    private readonly subjects: SubjectsRepository,
    readonly config: AppConfig,
  ) {}

  async context(asOf = todayIso()): Promise<EvaluationContext> {
    const ruleSet = this.rules.current();
    const rows = await this.subjects.products();
    const products = new Map(rows.map((r) => [r.code, { ...toDecisionProduct(r), id: r.id }]));
    const list = [...products.values()];
    const decider = deciderFor(toDecisionRules(ruleSet), list, { asOf, coolingOffDays: COOLING_OFF_DAYS, maxOpenPerParty: MAX_OPEN_PER_PARTY, ...guardPolicy(this.config) }, {
      renderReason: (template, facts) => renderReason(template, facts),
    });
    return { asOf, explanationParts: explanationPartsOf(ruleSet), ruleSetVersion: ruleSet.version, decider, products, categoryOf: (code) => products.get(code)?.category, coolingOffDays: COOLING_OFF_DAYS, acceptanceSuppressionDays: this.config.ACCEPTANCE_SUPPRESSION_DAYS };
  }

  /**
   * Evaluates every lead that arises through one company: its employees (EMPLOYEE_PROSPECT), its
   * executives and owners (EXECUTIVE_LEAD), and the company itself through them (CORPORATE_LEAD).
   * `onChunk` receives each chunk's decisions; live opportunities of the chunk's parties come along.
   */
  async evaluateCompany(
    ctx: EvaluationContext,
    corporateClientId: string,
    onChunk: (decided: DecidedSubject[], live: LiveOpportunityRow[]) => Promise<void> | void,
    options: {
      linkages?: readonly string[];
      chunkSize?: number;
      personIds?: readonly string[];
      /** Decides whether a person subject is worth deciding in full (ranking skips those that cannot make the cut). */
      worthDeciding?: (subject: Subject) => boolean;
    } = {},
  ): Promise<{ subjects: number }> {
    const companies = await this.subjects.loadCompanies([corporateClientId], ctx.asOf);
    const company = companies.get(corporateClientId);
    if (!company) return { subjects: 0 };
    const companyFact = companyFacts(company, ctx.categoryOf, ctx.asOf);
    const wanted = new Set(options.linkages ?? ['EMPLOYEE_PROSPECT', 'EXECUTIVE_LEAD', 'CORPORATE_LEAD']);
    const ownedHere = (o: LiveOpportunityRow) => o.viaCorporateClientId === corporateClientId && o.status === 'OPEN' && wanted.has(o.linkage);
    let count = 0;
    // Person leads: each person once per company, so chunks never split a party.
    const roles = [...(wanted.has('EMPLOYEE_PROSPECT') ? (['EMPLOYEE'] as const) : []), ...(wanted.has('EXECUTIVE_LEAD') ? (['EXECUTIVE', 'OWNER'] as const) : [])];
    if (roles.length > 0) {
      // While one chunk is decided, the next chunk and its parties' contact history are read.
      const chunks = this.subjects.streamEmployments({ companyIds: [corporateClientId], personIds: options.personIds, roles, asOf: ctx.asOf, chunkSize: options.chunkSize })[Symbol.asyncIterator]();
      const withStates = async () => {
        const next = await chunks.next();
        if (next.done) return null;
        return { rows: next.value, ...(await this.partyStates(next.value.map((r) => r.person.personId), ctx, ownedHere)) };
      };
      // The consumer's work on a chunk (e.g. writing it) may run while the next chunk is decided:
      // chunks hold disjoint parties. At most one is in flight.
      let inFlight: Promise<void> | void = undefined;
      try {
        let current = await withStates();
        while (current) {
          const following = withStates();
          following.catch(() => undefined);
          const { rows, states, live } = current;
          const decided: DecidedSubject[] = [];
          for (const row of rows) {
            const subject = personSubject(row, companyFact, states.get(row.person.personId) ?? EMPTY_PARTY_STATE, ctx.categoryOf, ctx.asOf);
            if (options.worthDeciding === undefined || options.worthDeciding(subject)) decided.push(this.decided(ctx, subject, row, corporateClientId));
          }
          count += rows.length;
          await inFlight;
          inFlight = Promise.resolve(onChunk(decided, live));
          inFlight.catch(() => undefined); // handled: awaited before the next chunk and at the end
          current = await following;
        }
      } finally {
        await inFlight;
      }
    }
    // Corporate leads: the company is one party, reached through every owner or executive who banks
    // with us privately; all of them are decided in one chunk.
    if (wanted.has('CORPORATE_LEAD')) {
      const linkers: EmploymentSubjectRow[] = [];
      for await (const rows of this.subjects.streamEmployments({ companyIds: [corporateClientId], roles: ['EXECUTIVE', 'OWNER'], asOf: ctx.asOf })) {
        linkers.push(...rows.filter((r) => r.person.holdingCodes.length > 0));
      }
      const { states, live } = await this.partyStates([company.id], ctx, ownedHere);
      const state = states.get(company.id) ?? EMPTY_PARTY_STATE;
      const decided = linkers.map((row) => this.decided(ctx, companySubject(row, company, companyFact, state, ctx.categoryOf, ctx.asOf), row, corporateClientId));
      count += decided.length;
      await onChunk(decided, live);
    }
    return { subjects: count };
  }

  private decided(ctx: EvaluationContext, subject: Subject, row: EmploymentSubjectRow, via: string): DecidedSubject {
    return { subject, decision: ctx.decider.decide(subject), viaCorporateClientId: via, viaPersonId: row.person.personId, viaRole: row.employment.role, stale: row.stale };
  }

  /**
   * The contact-policy state of the parties: declines inside the cooling-off window, last contact,
   * and live opportunities. `ownedHere` says which live opportunities this evaluation recomputes;
   * the others occupy the party's open slots.
   */
  async partyStates(
    partyIds: string[],
    ctx: EvaluationContext,
    ownedHere: (o: LiveOpportunityRow) => boolean,
  ): Promise<{ states: Map<string, PartyState>; live: LiveOpportunityRow[] }> {
    const [live, history] = await Promise.all([
      this.subjects.liveOpportunities(partyIds),
      this.subjects.contactHistory(partyIds, addDays(ctx.asOf, -ctx.coolingOffDays), addDays(ctx.asOf, -ctx.acceptanceSuppressionDays), ctx.asOf),
    ]);
    const states = new Map<string, PartyState>();
    const state = (id: string) => {
      let s = states.get(id);
      if (!s) states.set(id, (s = { contact: { openOpportunities: 0, daysSinceLastContact: null, declinedProductCodes: [] }, declines: [], accepted: [], openElsewhere: [] }));
      return s;
    };
    for (const o of live) {
      const s = state(o.partyId);
      (s.contact as { openOpportunities: number }).openOpportunities++;
      if (!ownedHere(o)) s.openElsewhere.push(o.productCode);
    }
    for (const d of history.declines) {
      const s = state(d.partyId);
      s.declines.push({ productCode: d.productCode, declinedOn: d.declinedOn });
      (s.contact.declinedProductCodes as string[]).push(d.productCode);
    }
    for (const a of history.accepted) state(a.partyId).accepted.push(a.productCode);
    for (const [partyId, day] of history.lastContacts) {
      (state(partyId).contact as { daysSinceLastContact: number | null }).daysSinceLastContact = Math.round((Date.parse(ctx.asOf) - Date.parse(day)) / 86_400_000);
    }
    return { states, live };
  }

  /**
   * Every route through which a party is evaluated: a person's current employments, or the owners
   * and executives (banking with us privately) through whom a company is reached. Null when the id
   * is neither a person nor a corporate client.
   */
  async subjectsForParty(ctx: EvaluationContext, partyId: string): Promise<Subject[] | null> {
    const kind = await this.subjects.partyKind(partyId);
    if (kind === null) return null;
    const { states } = await this.partyStates([partyId], ctx, (o) => o.status === 'OPEN');
    const state = states.get(partyId) ?? EMPTY_PARTY_STATE;
    const subjects: Subject[] = [];
    const filter = kind === 'PERSON'
      ? { personIds: [partyId], roles: ['EMPLOYEE', 'EXECUTIVE', 'OWNER'] as const }
      : { companyIds: [partyId], roles: ['EXECUTIVE', 'OWNER'] as const };
    for await (const rows of this.subjects.streamEmployments({ ...filter, roles: [...filter.roles], asOf: ctx.asOf })) {
      const companies = await this.subjects.loadCompanies([...new Set(rows.map((r) => r.companyId))], ctx.asOf);
      for (const row of rows) {
        const company = companies.get(row.companyId)!;
        const fact = companyFacts(company, ctx.categoryOf, ctx.asOf);
        if (kind === 'PERSON') subjects.push(personSubject(row, fact, state, ctx.categoryOf, ctx.asOf));
        else if (row.person.holdingCodes.length > 0) subjects.push(companySubject(row, company, fact, state, ctx.categoryOf, ctx.asOf));
      }
    }
    return subjects;
  }

  /**
   * The companies through which the refresher evaluates a party as of `ctx.asOf`: a person's
   * current employers, or the company itself (its corporate leads). Null for an unknown id.
   */
  async routeCompanies(ctx: EvaluationContext, partyId: string): Promise<{ kind: 'PERSON' | 'COMPANY'; companyIds: string[] } | null> {
    const kind = await this.subjects.partyKind(partyId);
    if (kind === null) return null;
    if (kind === 'COMPANY') return { kind, companyIds: [partyId] };
    const companyIds = new Set<string>();
    for await (const rows of this.subjects.streamEmployments({ personIds: [partyId], roles: ['EMPLOYEE', 'EXECUTIVE', 'OWNER'], asOf: ctx.asOf })) {
      for (const row of rows) companyIds.add(row.companyId);
    }
    return { kind, companyIds: [...companyIds].sort() };
  }

  /**
   * The best `k` subjects of one company's leads, ranked by their best offer, with explanations of
   * their offers. Memory stays bounded by the chunk size and k, whatever the company's size.
   * `withOffers` counts the subjects decided in full that had an offer; `decidedInFull` how many
   * were decided in full (the others provably could not enter the top k).
   */
  async rankCompany(
    ctx: EvaluationContext,
    corporateClientId: string,
    k: number,
    linkages: readonly string[],
    options: { prune?: boolean; chunkSize?: number } = {},
  ): Promise<{ top: { decided: DecidedSubject; explanations: OfferExplanation[] }[]; subjects: number; withOffers: number; decidedInFull: number }> {
    const best = new TopK<DecidedSubject>(k, (a, b) => compareDecisionsByBestOffer(a.decision, b.decision));
    let withOffers = 0;
    let decidedInFull = 0;
    // Once k subjects are kept, a subject whose eligible rules all score below the worst kept offer
    // cannot enter: it is not decided in full (branch and bound; the result is the same, see tests).
    const worthDeciding =
      options.prune === false
        ? undefined
        : (subject: Subject) => {
            const worst = best.size < k ? undefined : best.peekWorst()!.decision.offers[0];
            return worst === undefined || ctx.decider.mayReach(subject, worst.score);
          };
    const { subjects } = await this.evaluateCompany(
      ctx,
      corporateClientId,
      (decided) => {
        decidedInFull += decided.length;
        for (const d of decided) {
          if (d.decision.offers.length === 0) continue;
          withOffers++;
          best.push(d);
        }
      },
      { linkages, worthDeciding, chunkSize: options.chunkSize },
    );
    const top = best.toSortedArray().map((decided) => ({
      decided,
      explanations: decided.decision.offers.map((offer) => ctx.decider.explainOffer(decided.subject, offer)),
    }));
    return { top, subjects, withOffers, decidedInFull };
  }

  /** Companies to evaluate for a full refresh, in a stable order. */
  async allCompanyIds(): Promise<string[]> {
    return this.subjects.companyIds();
  }

  companyRecord(ids: string[], asOf: string): Promise<Map<string, CompanyRecord>> {
    return this.subjects.loadCompanies(ids, asOf);
  }
}

