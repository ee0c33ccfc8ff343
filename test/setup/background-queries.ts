/**
 * Statements an instance sends on its own timers, whatever requests it serves: the database health
 * probe, the instance heartbeat and the rule set check. Tests that count a request's SQL leave them out.
 */
const BACKGROUND = /^select 1$|service_instances|rule_set_publications|rule_set_rejections|rule_set_versions/i;

export function isBackgroundQuery(sql: unknown): boolean {
  return BACKGROUND.test(String(sql).trim());
}
