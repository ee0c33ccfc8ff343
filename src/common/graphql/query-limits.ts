/**
 * Refuses hostile queries before anything executes, with maintained implementations:
 * - graphql-js's parser stops at `maxTokens` tokens (a document cannot be made expensive to parse);
 * - Apollo's recursive-selection limit counts the selections a document expands to, fragments
 *   memoised, so a fragment "bomb" (each fragment spreading the next twice) is refused in linear time;
 *   the rules below run only after it passed (Apollo's `laterValidationRules`), so their walks are
 *   bounded;
 * - GraphQL Armor's max-depth and max-aliases rules;
 * - graphql-query-complexity for the cost (list sizes multiply), computed once the variables are
 *   known, so `first: $n` counts as asked;
 * - the number of operations in one document (a count of its definitions).
 * Every refusal answers QUERY_TOO_COMPLEX.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type ValidationRule } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxOperations: number;
  maxTokens: number;
}

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** The largest page any list field accepts (PageArgs): an unknown page size counts as this. */
const MAX_PAGE = 100;

const refusal = (message: string) => new GraphQLError(message, { extensions: { code: QUERY_TOO_COMPLEX, http: { status: 400 } } });

/** Armor's rules report through this: our code, their message without its "Syntax Error: " prefix. */
const reportRefusal = (context: ValidationContext | null, error: GraphQLError) => context?.reportError(refusal(error.message.replace(/^Syntax Error: /, '')));

function maxOperationsRule(max: number): ValidationRule {
  return (context): ASTVisitor => ({
    Document(document) {
      const count = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
      if (count > max) context.reportError(refusal(`a request may hold at most ${max} operation(s); this one holds ${count}`));
    },
  });
}

/** Every field counts 1 plus its children's cost times its page size (`first`; 1 for a non-list). */
const pageSizeEstimator: ComplexityEstimator = ({ node, args, childComplexity }) => {
  const asked = node.arguments?.some((a) => a.name.value === 'first');
  const first = typeof args.first === 'number' && args.first > 0 ? args.first : MAX_PAGE;
  return 1 + (asked ? first : 1) * childComplexity;
};

/** Validation rules; Apollo runs them after its own rules and the recursive-selection limit passed. */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const armor = { exposeLimits: true, propagateOnRejection: false, onReject: [reportRefusal] };
  return [
    maxOperationsRule(limits.maxOperations),
    maxDepthRule({ ...armor, n: limits.maxDepth, flattenFragments: true }) as ValidationRule,
    maxAliasesRule({ ...armor, n: limits.maxAliases }) as ValidationRule,
  ];
}

/** The cost limit, once the operation and its variables are known (before any resolver runs). */
export function queryCostPlugin(limits: Pick<QueryLimits, 'maxCost'>): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [pageSizeEstimator],
              maxQueryNodes: limits.maxCost + 1,
            });
          } catch (error) {
            // Too many nodes is a refusal; bad variables are left for execution to report.
            if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
              throw refusal(`the query would cost more than ${limits.maxCost} (fields × list sizes); at most ${limits.maxCost} is allowed`);
            }
            return;
          }
          if (cost > limits.maxCost) throw refusal(`the query would cost ${cost} (fields × list sizes); at most ${limits.maxCost} is allowed`);
        },
      };
    },
  };
}
