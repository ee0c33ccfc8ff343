import { useEffect, useState } from 'react';
import { devManagers, devSignIn, type DevManager } from './api';
import { useI18n } from './i18n';

/** Outside production: the demo managers grouped by role, one click signs in. */
export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const { t, te } = useI18n();
  const [managers, setManagers] = useState<DevManager[] | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    devManagers().then(setManagers, () => setManagers(null));
  }, []);
  if (managers === undefined) return <p>{t('loading')}</p>;
  if (managers === null) return <p role="status">{t('signInUnavailable')}</p>;
  const roles = [...new Set(managers.map((m) => m.role))];
  const choose = async (externalId: string) => {
    try {
      await devSignIn(externalId);
      onSignedIn();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signInTitle')}</h1>
      <p>{t('signInHint')}</p>
      {error && <p role="alert">{t('error', { message: error })}</p>}
      <div className="roles">
        {roles.map((role) => (
          <section key={role} className="card" aria-labelledby={`role-${role}`}>
            <h2 id={`role-${role}`}>{te('role_', role)}</h2>
            <ul className="plain">
              {managers
                .filter((m) => m.role === role)
                .map((m) => (
                  <li key={m.externalId}>
                    <button type="button" data-manager={m.externalId} onClick={() => void choose(m.externalId)}>
                      {m.name} · {m.externalId}
                      {m.branchName ? ` · ${m.branchName}` : ''}
                    </button>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
