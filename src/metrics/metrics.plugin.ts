import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind } from 'graphql';
import type { MetricsService } from './metrics.service';

/**
 * Counts and times every GraphQL request by operation. The label is the root fields asked for
 * (names from the schema, so the series stay few), never the client's operation name or variables.
 */
export function metricsPlugin(metrics: MetricsService): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const selections = ctx.operation?.selectionSet.selections ?? [];
          const fields = [...new Set(selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])))].sort();
          const operation = !ctx.operation ? '(invalid)' : fields.length === 0 ? '(fragments)' : fields.length > 3 ? '(several)' : fields.join(',');
          const errors = ctx.response.body.kind === 'single' ? (ctx.response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          metrics.graphqlRequest(operation, Number(process.hrtime.bigint() - started) / 1e9, codes);
        },
      };
    },
  };
}
