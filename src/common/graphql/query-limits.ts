/**
 * Validation rules that refuse hostile queries before anything executes: too deep, too many aliases,
 * too many operations in one document, or too costly (list sizes multiply). Framework-free graphql-js.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxOperations: number;
}

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** The largest page any list field accepts (PageArgs). */
const MAX_PAGE = 100;

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: QUERY_TOO_COMPLEX } });

/** List size a field returns, from its `first` argument (literal or variable), else 1. */
function listFactor(field: FieldNode, variables: Record<string, unknown>): number {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  if (!first) return 1;
  const value: ValueNode = first.value;
  if (value.kind === Kind.INT) return Math.max(1, Number(value.value));
  // Validation runs before variables are known: a variable page size counts as the largest allowed.
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' && v > 0 ? v : MAX_PAGE;
  }
  return MAX_PAGE;
}

interface Measure {
  depth: number;
  cost: number;
  aliases: number;
}

function measure(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  depth: number,
  seen: Set<string>,
): Measure {
  let result: Measure = { depth, cost: 0, aliases: 0 };
  for (const selection of set.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      const factor = listFactor(selection, variables);
      const child = selection.selectionSet ? measure(selection.selectionSet, fragments, variables, depth + 1, seen) : { depth: depth + 1, cost: 0, aliases: 0 };
      inner = { depth: child.depth, cost: 1 + factor * child.cost, aliases: child.aliases + (selection.alias ? 1 : 0) };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, fragments, variables, depth, seen);
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue; // unknown or cyclic fragments are graphql-js's own errors
      inner = measure(fragment.selectionSet, fragments, variables, depth, new Set([...seen, name]));
    }
    result = { depth: Math.max(result.depth, inner.depth), cost: result.cost + inner.cost, aliases: result.aliases + inner.aliases };
  }
  return result;
}

/** One validation rule enforcing every limit; variables make `first: $n` count as asked. */
export function queryLimitsRule(limits: QueryLimits, variables: () => Record<string, unknown> = () => ({})) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (operations.length > limits.maxOperations) {
        context.reportError(refuse(`a request may hold at most ${limits.maxOperations} operation(s); this one holds ${operations.length}`));
        return;
      }
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      for (const operation of operations) {
        if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
        const m = measure(operation.selectionSet, fragments, variables(), 0, new Set());
        if (m.depth > limits.maxDepth) context.reportError(refuse(`the query is ${m.depth} levels deep; at most ${limits.maxDepth} are allowed`));
        if (m.aliases > limits.maxAliases) context.reportError(refuse(`the query uses ${m.aliases} aliases; at most ${limits.maxAliases} are allowed`));
        if (m.cost > limits.maxCost) context.reportError(refuse(`the query would cost ${m.cost} (fields × list sizes); at most ${limits.maxCost} is allowed`));
      }
    },
  });
}
