import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';

// graphql-schema-linter ships CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const linter = require('graphql-schema-linter') as {
  configuration: { Configuration: new (schema: { definition: string; sourceMap: unknown }, options?: Record<string, unknown>) => { getRules(): unknown[] } };
  validator: { validateSchemaDefinition(schema: { definition: string; sourceMap: unknown }, rules: unknown[], configuration: unknown): { message: string; ruleName: string; locations: { line: number }[] }[] };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SourceMap } = require('graphql-schema-linter/lib/source_map.js') as { SourceMap: new (files: Record<string, string>) => unknown };

const SCHEMA_PATH = join(__dirname, '..', '..', '..', 'src', 'schema.gql');

/** Lints an SDL text with graphql-schema-linter's default rule set (every built-in rule). */
function lint(definition: string): string[] {
  const schema = { definition, sourceMap: new SourceMap({ 'schema.gql': definition }) };
  const configuration = new linter.configuration.Configuration(schema, {});
  return linter.validator
    .validateSchemaDefinition(schema, configuration.getRules(), configuration)
    .map((e) => `${e.locations[0]?.line}: ${e.message} (${e.ruleName})`);
}

/** The schema integrators read: an external linter's default rules pass over the committed file. */
describe('GraphQL schema lint (graphql-schema-linter, default rules)', () => {
  const sdl = readFileSync(SCHEMA_PATH, 'utf8');

  it('reports no finding on src/schema.gql', () => {
    expect(lint(sdl)).toEqual([]);
  });

  it('finds what it is there to find (an undescribed enum value, a PageInfo without hasPreviousPage)', () => {
    const bad = sdl
      .replace(/"""Conservative: capital preservation; suits R1 products only\."""\n\s*C1/, 'C1')
      .replace(/hasPreviousPage: Boolean!\n/, '').replace(/"""\n\s*True when items come before this page[^"]*"""\n/, '');
    const findings = lint(bad);
    expect(findings.some((f) => f.includes('RiskTolerance.C1') && f.includes('enum-values-have-descriptions'))).toBe(true);
    expect(findings.some((f) => f.includes('hasPreviousPage') && f.includes('relay-page-info-spec'))).toBe(true);
  });

  it('describes every value of every enum (what R1–R5, C1–C5, tiers and statuses mean)', () => {
    const schema = buildSchema(sdl);
    const undescribed = Object.values(schema.getTypeMap())
      .filter(isEnumType)
      .filter((t) => !t.name.startsWith('__'))
      .flatMap((t) => t.getValues().filter((v) => !v.description).map((v) => `${t.name}.${v.name}`));
    expect(undescribed).toEqual([]);
  });
});
