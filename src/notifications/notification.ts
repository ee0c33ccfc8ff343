/**
 * What instances tell each other over the one PostgreSQL notification channel. Payloads stay small
 * (PostgreSQL caps a NOTIFY payload at 8,000 bytes): ids and counts, never personal data.
 */
export const NOTIFICATION_CHANNEL = 'cross_sell_events';

export type Notification =
  /** A rule set version was published: every instance loads and serves it. */
  | { kind: 'rules.published'; version: string }
  /** Opportunities changed (a refresh or an outcome committed): lead caches drop what they hold. */
  | { kind: 'opportunities.changed'; companyIds?: string[] }
  /** Managers, their roles or scopes changed: cached viewers are dropped. */
  | { kind: 'managers.changed' }
  /**
   * Not sent by anyone: delivered locally after the listening connection was lost and re-established,
   * because notifications sent meanwhile are gone. Subscribers re-read what they cache.
   */
  | { kind: 'resync' };

export type NotificationKind = Notification['kind'];

/** A notification as delivered: the sender's instance id is attached (`origin`). */
export type Delivered<K extends NotificationKind = NotificationKind> = Extract<Notification, { kind: K }> & { origin?: string };

export function parseNotification(payload: string | undefined): Delivered | undefined {
  if (!payload) return undefined;
  try {
    const value = JSON.parse(payload) as Delivered;
    return value && typeof value === 'object' && typeof value.kind === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
