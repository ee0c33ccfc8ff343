import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type FormattedExecutionResult } from 'graphql';
import { dataVersion } from './data-version';

export interface ResponseCacheOptions {
  /** Root query fields whose whole responses may be reused. */
  rootFields: ReadonlySet<string>;
  ttlMs: number;
  size: number;
  /**
   * What executing the request recorded besides its answer (the audit entries of a lead-list view):
   * kept with the cached answer, and replayed on every hit before it is served. A replay that fails
   * makes the request execute instead (and fail there if the failure persists).
   */
  /**
   * Whether the request's viewer may call these root fields now (the role guard's question). A hit
   * is served only when it says yes; otherwise the request executes and the guard answers.
   */
  authorize(context: BaseContext, rootFields: readonly string[]): boolean;
  sideEffects?: {
    capture(context: BaseContext): unknown;
    replay(context: BaseContext, captured: unknown): Promise<void>;
  };
}

/**
 * Reuses the whole response of a read-only query made only of the given root fields, for the same
 * document and variables, while this process wrote nothing since (see dataVersion) and for at most
 * `ttlMs`. A hit skips execution and the database entirely. Responses with errors are never kept.
 * A hit is served only after the viewer's role is checked for every root field (as the role guard
 * would), and the key includes the request context's `viewerKey` (the manager with their role and
 * branch), so answers shaped for one viewer, or for an earlier role, never reach another; side effects that must happen on every request (auditing) are
 * replayed on a hit.
 */
export function responseCachePlugin(options: ResponseCacheOptions): ApolloServerPlugin<BaseContext> {
  const entries = new Map<string, { version: number; expires: number; result: FormattedExecutionResult; captured: unknown }>();
  return {
    async requestDidStart() {
      let key: string | undefined;
      let version = 0;
      return {
        async responseForOperation(ctx) {
          const { operation } = ctx;
          if (!operation || operation.operation !== 'query') return null;
          const cacheable = operation.selectionSet.selections.every(
            (s) => s.kind === Kind.FIELD && (options.rootFields.has(s.name.value) || s.name.value === '__typename'),
          );
          if (!cacheable) return null;
          const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.name.value] : []));
          if (!options.authorize(ctx.contextValue, fields)) return null;
          const viewer = (ctx.contextValue as { viewerKey?: string }).viewerKey ?? '';
          key = `${viewer}|${ctx.queryHash}|${ctx.operationName ?? ''}|${JSON.stringify(ctx.request.variables ?? {})}`;
          version = dataVersion.current();
          const hit = entries.get(key);
          if (hit && hit.version === version && hit.expires > Date.now()) {
            try {
              await options.sideEffects?.replay(ctx.contextValue, hit.captured);
            } catch {
              return null;
            }
            key = undefined; // served from the cache: nothing new to keep
            return { http: ctx.response.http, body: { kind: 'single', singleResult: hit.result } };
          }
          return null;
        },
        async willSendResponse(ctx) {
          if (key === undefined || ctx.response.body.kind !== 'single' || ctx.response.body.singleResult.errors) return;
          if (version !== dataVersion.current()) return; // something changed while it executed
          entries.delete(key);
          if (entries.size >= options.size) entries.delete(entries.keys().next().value!);
          entries.set(key, { version, expires: Date.now() + options.ttlMs, result: ctx.response.body.singleResult, captured: options.sideEffects?.capture(ctx.contextValue) });
        },
      };
    },
  };
}
