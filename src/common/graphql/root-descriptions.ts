import type { GraphQLSchema } from 'graphql';

/**
 * Code-first resolvers give the root types no description; the schema is the integrators' manual,
 * so Query and Mutation say what they hold (graphql-schema-linter's types-have-descriptions).
 */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  if (query) query.description = 'Reads: lead lists, opportunities and why-not, records of the bank, the product catalogue, the rule set, the audit log. Reads never write.';
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = 'Writes: data pushed in by other systems, outcomes recorded by managers, refreshes, rule reloads and administration.';
  return schema;
}
