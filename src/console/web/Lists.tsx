import { useState } from 'react';
import { CLIENT, CORPORATE_LEADS, EXECUTIVE_LEADS, MY_CLIENTS, type Connection, type LeadFilter, type Opportunity } from './api';
import { useI18n } from './i18n';
import { downloadCsv, ErrorNote, Filters, Offers, Pager, usePaged } from './shared';
import { PenetrationChart } from './PenetrationChart';

interface MyClient {
  employees: number;
  payrollEmployees: number;
  cardMatchingRate: number;
  openOpportunities: number;
  client: { id: string; externalId: string; name: string; industry: string; sizeBand: string };
}

export function MyClients() {
  const { t, number, percent } = useI18n();
  const list = usePaged<{ myClients: Connection<MyClient> }, MyClient>(MY_CLIENTS, {}, (d) => d.myClients);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('myClients')}</h1>
      <ErrorNote error={list.error} />
      {!list.connection ? (
        <p>{t('loading')}</p>
      ) : (
        <table className="lead-list" data-testid="lead-list">
          <thead>
            <tr>
              <th scope="col">{t('client')}</th>
              <th scope="col">{t('industry')}</th>
              <th scope="col" className="num">{t('employees')}</th>
              <th scope="col" className="num">{t('payrollEmployees')}</th>
              <th scope="col" className="num">{t('cardMatchingRate')}</th>
              <th scope="col" className="num">{t('openOpportunities')}</th>
            </tr>
          </thead>
          <tbody>
            {list.connection.edges.map(({ node }) => (
              <tr key={node.client.id}>
                <td>
                  <a href={`#/clients/${node.client.id}`}>{node.client.name}</a>
                </td>
                <td>{node.client.industry}</td>
                <td className="num">{number(node.employees)}</td>
                <td className="num">{number(node.payrollEmployees)}</td>
                <td className="num">{percent(node.cardMatchingRate)}</td>
                <td className="num">{number(node.openOpportunities)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager list={list} />
    </section>
  );
}

interface Prospect {
  bestScore: number;
  person: { id: string; externalId: string; fullName: string; title: string | null; segment: string; salaryBand: string | null; age: number; tenureMonths: number };
  opportunities: Opportunity[];
}

interface ClientData {
  corporateClient: { id: string; externalId: string; name: string; industry: string; sizeBand: string };
  linkageStats: {
    employees: number;
    payrollEmployees: number;
    cardMatchingRate: number;
    openOpportunities: number;
    acceptedOpportunities: number;
    declinedOpportunities: number;
    penetration: { category: string; holders: number; rate: number }[];
  };
  employeeProspects: Connection<Prospect>;
}

const offerNames = (opportunities: Opportunity[]) => opportunities.map((o) => o.product.name).join('; ');

export function ClientPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, number, percent } = i18n;
  const [filter, setFilter] = useState<LeadFilter>({});
  const list = usePaged<ClientData, Prospect>(CLIENT, { id, filter }, (d) => d.employeeProspects);
  const data = list.data;
  const exportCsv = () => {
    if (!list.connection || !data) return;
    downloadCsv(
      `prospects-${data.corporateClient.externalId}-page-${list.page}.csv`,
      [t('name'), t('title'), t('segment'), t('salaryBand'), t('bestScore'), t('offers')],
      list.connection.edges.map(({ node }) => [node.person.fullName, node.person.title ?? '', node.person.segment, node.person.salaryBand ?? '', node.bestScore, offerNames(node.opportunities)]),
    );
  };
  return (
    <section aria-labelledby="page-title">
      <p>
        <a href="#/clients">← {t('myClients')}</a>
      </p>
      <h1 id="page-title">{data ? data.corporateClient.name : t('loading')}</h1>
      <ErrorNote error={list.error} />
      {data && (
        <div className="stats">
          <dl className="figures">
            <dt>{t('employees')}</dt>
            <dd>{number(data.linkageStats.employees)}</dd>
            <dt>{t('payrollEmployees')}</dt>
            <dd>{number(data.linkageStats.payrollEmployees)}</dd>
            <dt>{t('cardMatchingRate')}</dt>
            <dd>{percent(data.linkageStats.cardMatchingRate)}</dd>
            <dt>{t('openOpportunities')}</dt>
            <dd>{number(data.linkageStats.openOpportunities)}</dd>
            <dt>{t('accepted')}</dt>
            <dd>{number(data.linkageStats.acceptedOpportunities)}</dd>
            <dt>{t('declined')}</dt>
            <dd>{number(data.linkageStats.declinedOpportunities)}</dd>
          </dl>
          <PenetrationChart penetration={data.linkageStats.penetration} />
        </div>
      )}
      <h2>{t('prospects')}</h2>
      <Filters value={filter} onChange={setFilter} />
      <div className="actions">
        <button type="button" onClick={exportCsv} disabled={!list.connection}>
          {t('exportCsv')}
        </button>
      </div>
      {list.connection && (
        <table className="lead-list" data-testid="lead-list">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('segment')}</th>
              <th scope="col">{t('salaryBand')}</th>
              <th scope="col" className="num">{t('bestScore')}</th>
              <th scope="col">{t('offers')}</th>
            </tr>
          </thead>
          <tbody>
            {list.connection.edges.map(({ node }) => (
              <tr key={node.person.id} data-person={node.person.id}>
                <td>
                  <a href={`#/person/${node.person.id}`}>{node.person.fullName}</a>
                  <div className="muted">{node.person.title}</div>
                </td>
                <td>{node.person.segment}</td>
                <td>{node.person.salaryBand}</td>
                <td className="num">{number(node.bestScore, 1)}</td>
                <td>
                  <Offers opportunities={node.opportunities} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.connection?.edges.length === 0 && <p>{t('noRows')}</p>}
      <Pager list={list} />
    </section>
  );
}

interface ExecutiveLead {
  bestScore: number;
  person: { id: string; fullName: string; title: string | null; role: string; segment: string; aumBand: string | null; company: { id: string; name: string } };
  opportunities: Opportunity[];
}

export function ExecutiveLeads() {
  const { t, number } = useI18n();
  const [filter, setFilter] = useState<LeadFilter>({});
  const list = usePaged<{ executiveLeads: Connection<ExecutiveLead> }, ExecutiveLead>(EXECUTIVE_LEADS, { filter }, (d) => d.executiveLeads);
  const exportCsv = () =>
    list.connection &&
    downloadCsv(
      `executive-leads-page-${list.page}.csv`,
      [t('name'), t('title'), t('company'), t('segment'), t('aumBand'), t('bestScore'), t('offers')],
      list.connection.edges.map(({ node }) => [node.person.fullName, node.person.title ?? '', node.person.company.name, node.person.segment, node.person.aumBand ?? '', node.bestScore, offerNames(node.opportunities)]),
    );
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('executiveLeads')}</h1>
      <Filters value={filter} onChange={setFilter} />
      <div className="actions">
        <button type="button" onClick={exportCsv} disabled={!list.connection}>
          {t('exportCsv')}
        </button>
      </div>
      <ErrorNote error={list.error} />
      {!list.connection ? (
        <p>{t('loading')}</p>
      ) : (
        <table className="lead-list" data-testid="lead-list">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('company')}</th>
              <th scope="col">{t('segment')}</th>
              <th scope="col">{t('aumBand')}</th>
              <th scope="col" className="num">{t('bestScore')}</th>
              <th scope="col">{t('offers')}</th>
            </tr>
          </thead>
          <tbody>
            {list.connection.edges.map(({ node }) => (
              <tr key={node.person.id} data-person={node.person.id}>
                <td>
                  <a href={`#/person/${node.person.id}`}>{node.person.fullName}</a>
                  <div className="muted">{node.person.title}</div>
                </td>
                <td>{node.person.company.name}</td>
                <td>{node.person.segment}</td>
                <td>{node.person.aumBand}</td>
                <td className="num">{number(node.bestScore, 1)}</td>
                <td>
                  <Offers opportunities={node.opportunities} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager list={list} />
    </section>
  );
}

interface CorporateLead {
  bestScore: number;
  company: { id: string; externalId: string; name: string; industry: string };
  linkedThrough: { id: string; fullName: string; role: string }[];
  opportunities: Opportunity[];
}

export function CorporateLeads() {
  const { t, number } = useI18n();
  const [filter, setFilter] = useState<LeadFilter>({});
  const list = usePaged<{ corporateLeads: Connection<CorporateLead> }, CorporateLead>(CORPORATE_LEADS, { filter }, (d) => d.corporateLeads);
  const exportCsv = () =>
    list.connection &&
    downloadCsv(
      `corporate-leads-page-${list.page}.csv`,
      [t('company'), t('industry'), t('linkedThrough'), t('bestScore'), t('offers')],
      list.connection.edges.map(({ node }) => [node.company.name, node.company.industry, node.linkedThrough.map((p) => p.fullName).join('; '), node.bestScore, offerNames(node.opportunities)]),
    );
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('corporateLeads')}</h1>
      <Filters value={filter} onChange={setFilter} />
      <div className="actions">
        <button type="button" onClick={exportCsv} disabled={!list.connection}>
          {t('exportCsv')}
        </button>
      </div>
      <ErrorNote error={list.error} />
      {!list.connection ? (
        <p>{t('loading')}</p>
      ) : (
        <table className="lead-list" data-testid="lead-list">
          <thead>
            <tr>
              <th scope="col">{t('company')}</th>
              <th scope="col">{t('linkedThrough')}</th>
              <th scope="col" className="num">{t('bestScore')}</th>
              <th scope="col">{t('offers')}</th>
            </tr>
          </thead>
          <tbody>
            {list.connection.edges.map(({ node }) => (
              <tr key={node.company.id}>
                <td>
                  <a href={`#/company/${node.company.id}`}>{node.company.name}</a>
                  <div className="muted">{node.company.industry}</div>
                </td>
                <td>{node.linkedThrough.map((p) => p.fullName).join(', ')}</td>
                <td className="num">{number(node.bestScore, 1)}</td>
                <td>
                  <Offers opportunities={node.opportunities} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager list={list} />
    </section>
  );
}
