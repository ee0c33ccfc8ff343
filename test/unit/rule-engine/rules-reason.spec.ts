import { defaultReasonFormat, exampleFacts, parseReasonPlaceholders, renderReason, type ReasonFormatter } from '../../../src/rule-engine';

describe('renderReason', () => {
  it('fills placeholders with thousands separators by default', () => {
    const facts = exampleFacts({ employment: { monthlySalary: 12500.5 }, person: { aum: 1250000 } });
    expect(renderReason('Salary of {{employment.monthlySalary}} a month, assets {{person.aum}}.', facts)).toBe('Salary of 12,500.5 a month, assets 1,250,000.');
  });

  it('shows lists, booleans and unknown values readably', () => {
    const facts = exampleFacts({ holdings: { categories: ['DEBIT_CARD', 'DEPOSIT'] }, person: { creditScore: null, hasRetailRm: true }, contact: { declinedProductCodes: [] } });
    expect(renderReason('{{holdings.categories}} | {{person.creditScore}} | {{person.hasRetailRm}} | {{contact.declinedProductCodes}}', facts)).toBe('DEBIT_CARD, DEPOSIT | unknown | yes | none');
  });

  it('accepts spaces inside the braces', () => {
    expect(renderReason('Aged {{ person.age }}.', exampleFacts())).toBe('Aged 34.');
  });

  it('leaves a placeholder the catalogue does not know as written', () => {
    expect(renderReason('Earns {{employment.salary}} and {{}}.', exampleFacts())).toBe('Earns {{employment.salary}} and {{}}.');
  });

  it('lets a formatter decide how each value is shown, so masking needs no change here', () => {
    const bands: ReasonFormatter = (value, placeholder) => {
      if (placeholder.path === '$.monthlySalary' && typeof value === 'number') {
        const low = Math.floor(value / 10000) * 10;
        return `${low}–${low + 10}k`;
      }
      return defaultReasonFormat(value, placeholder);
    };
    const facts = exampleFacts({ employment: { monthlySalary: 23400 } });
    expect(renderReason('Salary of {{employment.monthlySalary}} at age {{person.age}}.', facts, bands)).toBe('Salary of 20–30k at age 34.');
  });

  it('tells the formatter which catalogue entry a placeholder is', () => {
    const seen: string[] = [];
    renderReason('{{person.segment}} {{company.productCodes}}', exampleFacts(), (value, p) => {
      seen.push(`${p.fact} ${p.path} ${p.spec?.type}`);
      return String(value);
    });
    expect(seen).toEqual(['person $.segment string', 'company $.productCodes string[]']);
  });
});

describe('parseReasonPlaceholders', () => {
  it('finds every placeholder with its fact path and catalogue entry', () => {
    const found = parseReasonPlaceholders('A {{person.age}} B {{employment.salary}} C {{person}}');
    expect(found.map((p) => [p.raw, p.offset, p.fact, p.path, p.spec !== undefined])).toEqual([
      ['{{person.age}}', 2, 'person', '$.age', true],
      ['{{employment.salary}}', 19, 'employment', '$.salary', false],
      ['{{person}}', 43, 'person', '', false],
    ]);
  });
});
