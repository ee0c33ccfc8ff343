import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FACT_CATALOGUE,
  FACT_CATALOGUE_END,
  FACT_CATALOGUE_START,
  OPERATORS,
  extractFactCatalogueSection,
  factCatalogueSection,
  renderFactCatalogueMarkdown,
  updateRulesReadme,
} from '../../../src/rule-engine';

const README = join(__dirname, '../../../rules/README.md');

describe('the rule authoring guide (rules/README.md)', () => {
  it('holds the current fact catalogue (run rules-docs after changing a catalogue)', () => {
    expect(extractFactCatalogueSection(readFileSync(README, 'utf8'))).toBe(factCatalogueSection());
  });

  it('documents every fact path and operator', () => {
    const markdown = renderFactCatalogueMarkdown();
    for (const fact of FACT_CATALOGUE) {
      expect(markdown).toContain(`#### \`${fact.name}\``);
      for (const p of fact.paths) expect(markdown).toContain(`| \`${p.path}\` |`);
    }
    for (const operator of OPERATORS) expect(markdown).toMatch(new RegExp(`^\\| \`${operator}\` \\| .+ \\|$`, 'm'));
  });

  it('replaces only the text between the markers', () => {
    const readme = `# Ours\n\nintro\n\n${FACT_CATALOGUE_START}\nold table\n${FACT_CATALOGUE_END}\n\noutro $& $1\n`;
    expect(updateRulesReadme(readme)).toBe(`# Ours\n\nintro\n\n${factCatalogueSection()}\n\noutro $& $1\n`);
  });

  it('appends the catalogue to a README without markers', () => {
    expect(updateRulesReadme('# Ours\n\nintro\n')).toBe(`# Ours\n\nintro\n\n## Fact catalogue\n\n${factCatalogueSection()}\n`);
  });

  it('writes an authoring guide around the markers when there is no README', () => {
    const guide = updateRulesReadme(undefined);
    expect(extractFactCatalogueSection(guide)).toBe(factCatalogueSection());
    for (const topic of ['"$schema": "./rule.schema.json"', '| `propensity` |', 'shallow-merged', 'R ≤', 'cooling-off', 'consent', 'role `EMPLOYEE`', '`EXECUTIVE` or `OWNER`', 'owners and executives']) {
      expect([topic, guide.includes(topic)]).toEqual([topic, true]);
    }
  });
});
