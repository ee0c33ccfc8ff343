import { useCallback, useEffect, useState } from 'react';
import { COMPANY, gql, PERSON, RECORD_OUTCOME, WHY_NOT, type Opportunity, type Product } from './api';
import { useI18n } from './i18n';
import { ErrorNote } from './shared';

interface PersonData {
  person: { id: string; externalId: string; fullName: string; age: number; segment: string; monthlyIncome: string | null; monthlyIncomeBand: string; aumBand: string; doNotContact: boolean };
  opportunities: Opportunity[];
  products: Product[];
}
interface CompanyData {
  corporateClient: { id: string; externalId: string; name: string; industry: string; sizeBand: string };
  opportunities: Opportunity[];
  products: Product[];
}
interface WhyNotAnswer {
  linkage: string;
  stage: string;
  message: string;
  offer: { score: number; reasonText: string } | null;
  blockers: { stage: string; reason: string; message: string }[];
}

const LIVE = new Set(['OPEN', 'CONTACTED']);

/** A person's or company's opportunities with reasons, one-click outcomes, and "why not" for any product. */
export function PartyPage({ kind, id }: { kind: 'person' | 'company'; id: string }) {
  const { t, number, te } = useI18n();
  const [data, setData] = useState<PersonData | CompanyData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [recorded, setRecorded] = useState<string | null>(null);
  const load = useCallback(
    () =>
      // The list is as the last refresh decided it (pendingChanges: changes still queued).
      gql<Omit<PersonData | CompanyData, 'opportunities'> & { list: { pendingChanges: number; items: Opportunity[] } }>(kind === 'person' ? PERSON : COMPANY, { id }).then(
        ({ list, ...d }) => (setData({ ...d, opportunities: list.items } as PersonData | CompanyData), setError(null)),
        (e: Error) => setError(e.message),
      ),
    [kind, id],
  );
  useEffect(() => void load(), [load]);

  const record = async (opportunity: Opportunity, outcome: 'CONTACTED' | 'ACCEPTED' | 'DECLINED') => {
    const note = notes[opportunity.id]?.trim();
    try {
      const { recordOutcome } = await gql<{ recordOutcome: { status: string } }>(RECORD_OUTCOME, {
        input: { opportunityId: opportunity.id, outcome, idempotencyKey: crypto.randomUUID(), ...(note ? { note } : {}) },
      });
      // The list changes at once; the refetch brings the server's view (ranking, timestamps).
      setData((d) => d && { ...d, opportunities: d.opportunities.map((o) => (o.id === opportunity.id ? { ...o, status: recordOutcome.status } : o)) });
      setRecorded(t('recorded', { status: te('status_', recordOutcome.status) }));
      void load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const title = data ? ('person' in data ? data.person.fullName : data.corporateClient.name) : t('loading');
  return (
    <section aria-labelledby="page-title">
      <p>
        <button type="button" className="link" onClick={() => history.back()}>
          ← {t('back')}
        </button>
      </p>
      <h1 id="page-title">{title}</h1>
      <ErrorNote error={error} />
      {data && 'person' in data && (
        <dl className="figures">
          <dt>{t('age')}</dt>
          <dd>{number(data.person.age)}</dd>
          <dt>{t('segment')}</dt>
          <dd>{data.person.segment}</dd>
          {data.person.monthlyIncome !== null ? (
            <>
              <dt>{t('monthlyIncome')}</dt>
              <dd>{number(Number(data.person.monthlyIncome), 2)}</dd>
            </>
          ) : (
            <>
              <dt>{t('monthlyIncomeBand')}</dt>
              <dd>{data.person.monthlyIncomeBand}</dd>
            </>
          )}
          <dt>{t('aumBand')}</dt>
          <dd>{data.person.aumBand}</dd>
        </dl>
      )}
      <h2>{t('opportunities')}</h2>
      <p aria-live="polite" className="muted" data-testid="recorded">
        {recorded}
      </p>
      {data && data.opportunities.length === 0 && <p>{t('noRows')}</p>}
      <ul className="opportunities" data-testid="opportunities">
        {data?.opportunities.map((o) => (
          <li key={o.id} className="card" data-opportunity={o.id} data-status={o.status}>
            <h3>
              {o.product.name} <span className="score">{number(o.score, 1)}</span> <span className={`status s-${o.status}`}>{te('status_', o.status)}</span>
            </h3>
            <ul className="reasons">
              {o.reasons.map((r, i) => (
                <li key={i}>{r.text}</li>
              ))}
            </ul>
            {LIVE.has(o.status) && (
              <div className="outcome" role="group" aria-label={`${t('outcome')}: ${o.product.name}`}>
                <label>
                  {t('note')}
                  <input type="text" maxLength={2000} value={notes[o.id] ?? ''} onChange={(e) => setNotes({ ...notes, [o.id]: e.target.value })} />
                </label>
                <button type="button" onClick={() => void record(o, 'CONTACTED')} data-outcome="CONTACTED">
                  {t('contacted')}
                </button>
                <button type="button" onClick={() => void record(o, 'ACCEPTED')} data-outcome="ACCEPTED">
                  {t('accept')}
                </button>
                <button type="button" onClick={() => void record(o, 'DECLINED')} data-outcome="DECLINED">
                  {t('decline')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {data && <WhyNot partyId={id} products={data.products} />}
    </section>
  );
}

function WhyNot({ partyId, products }: { partyId: string; products: Product[] }) {
  const { t, number } = useI18n();
  const [code, setCode] = useState(products[0]?.code ?? '');
  const [answers, setAnswers] = useState<WhyNotAnswer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ask = async () => {
    try {
      setAnswers((await gql<{ whyNot: WhyNotAnswer[] }>(WHY_NOT, { id: partyId, code })).whyNot);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="why-not-title" className="why-not">
      <h2 id="why-not-title">{t('whyNot')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <label>
          {t('whyNotProduct')}
          <select value={code} onChange={(e) => setCode(e.target.value)} name="product">
            {products.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('ask')}</button>
      </form>
      <ErrorNote error={error} />
      {answers && (
        <table data-testid="why-not">
          <thead>
            <tr>
              <th scope="col">{t('route')}</th>
              <th scope="col">{t('stage')}</th>
              <th scope="col">{t('reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {answers.map((a) => (
              <tr key={a.linkage}>
                <td>{a.linkage}</td>
                <td>{a.stage}</td>
                <td>
                  {a.offer ? <p>{t('offered', { score: number(a.offer.score, 1) })}: {a.offer.reasonText}</p> : <p>{a.message}</p>}
                  <ul>
                    {a.blockers.map((b, i) => (
                      <li key={i} data-reason={b.reason}>
                        {b.reason}: {b.message}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
