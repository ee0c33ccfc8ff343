import { useEffect, useMemo, useState } from 'react';
import { gql, ME, session, type Me } from './api';
import { I18nContext, LOCALES, makeI18n, saveLocale, storedLocale, type Locale, type StringKey } from './i18n';
import { SignIn } from './SignIn';
import { ClientPage, CorporateLeads, ExecutiveLeads, MyClients } from './Lists';
import { PartyPage } from './PartyPage';

/** The views each role has, in menu order. */
const VIEWS: Record<string, { path: string; label: StringKey }[]> = {
  CORPORATE_RM: [
    { path: 'clients', label: 'myClients' },
    { path: 'corporate-leads', label: 'corporateLeads' },
  ],
  RETAIL_RM: [
    { path: 'executive-leads', label: 'executiveLeads' },
    { path: 'corporate-leads', label: 'corporateLeads' },
  ],
  BRANCH_MANAGER: [
    { path: 'clients', label: 'myClients' },
    { path: 'executive-leads', label: 'executiveLeads' },
    { path: 'corporate-leads', label: 'corporateLeads' },
  ],
};

function useHash(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const on = () => setParts(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parts;
}

export function App() {
  const [locale, setLocale] = useState<Locale>(storedLocale);
  const i18n = useMemo(() => makeI18n(locale), [locale]);
  const [me, setMe] = useState<Me | null | undefined>(session.token() ? undefined : null);
  const route = useHash();

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = i18n.t('appTitle');
  }, [locale, i18n]);

  useEffect(() => {
    if (me !== undefined) return;
    gql<{ me: Me }>(ME).then(
      (d) => setMe(d.me),
      () => setMe(null),
    );
  }, [me]);

  const changeLocale = (l: Locale) => {
    saveLocale(l);
    setLocale(l);
  };
  const signOut = () => {
    session.clear();
    setMe(null);
    window.location.hash = '';
  };

  const views = me ? (VIEWS[me.role] ?? []) : [];
  const [view, id] = route;
  const current = view ?? views[0]?.path;

  let page: React.ReactNode = <p>{i18n.t('loading')}</p>;
  if (me === null) page = <SignIn onSignedIn={() => setMe(undefined)} />;
  else if (me) {
    if (current === 'clients' && id) page = <ClientPage id={id} />;
    else if (current === 'clients') page = <MyClients />;
    else if (current === 'executive-leads') page = <ExecutiveLeads />;
    else if (current === 'corporate-leads') page = <CorporateLeads />;
    else if ((current === 'person' || current === 'company') && id) page = <PartyPage kind={current} id={id} />;
    else page = <p>{i18n.t('nothingForRole')}</p>;
  }

  return (
    <I18nContext.Provider value={i18n}>
      <header className="top">
        <span className="brand">{i18n.t('appTitle')}</span>
        {me && (
          <nav aria-label={i18n.t('appTitle')}>
            {views.map((v) => (
              <a key={v.path} href={`#/${v.path}`} aria-current={current === v.path ? 'page' : undefined}>
                {i18n.t(v.label)}
              </a>
            ))}
          </nav>
        )}
        <span className="spacer" />
        <label>
          {i18n.t('language')}{' '}
          <select value={locale} onChange={(e) => changeLocale(e.target.value as Locale)} data-testid="language">
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l === 'en' ? 'English' : l === 'es' ? 'Español' : '简体中文'}
              </option>
            ))}
          </select>
        </label>
        {me && (
          <span className="who">
            {i18n.t('signedInAs')} {me.name} ({i18n.te('role_', me.role)}){' '}
            <button type="button" onClick={signOut}>
              {i18n.t('signOut')}
            </button>
          </span>
        )}
      </header>
      <main>{page}</main>
    </I18nContext.Provider>
  );
}
