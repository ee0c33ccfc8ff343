/**
 * Every input field stored in a text or numeric column is refused by validation (BAD_USER_INPUT)
 * when the column could not hold it, instead of failing inside PostgreSQL: a NUL character, one
 * character more than the column's length (counted as PostgreSQL counts: code points, so a letter
 * with a variation selector is two), or one integer digit more than a numeric column has.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { getMetadataArgsStorage } from 'typeorm';
import { UpsertBranchInput } from '../../../src/branches/dto/upsert-branch.input';
import { BranchEntity } from '../../../src/branches/branch.entity';
import { UpsertCorporateClientInput } from '../../../src/corporate-clients/dto/upsert-corporate-client.input';
import { CorporateClientEntity } from '../../../src/corporate-clients/corporate-client.entity';
import { UpsertManagerInput } from '../../../src/managers/dto/upsert-manager.input';
import { ManagerEntity } from '../../../src/managers/manager.entity';
import { RecordOutcomeInput } from '../../../src/opportunities/dto/opportunity.args';
import { OpportunityOutcomeEntity } from '../../../src/opportunities/opportunity-outcome.entity';
import { UpsertEmploymentInput } from '../../../src/people/dto/upsert-employment.input';
import { UpsertPersonInput } from '../../../src/people/dto/upsert-person.input';
import { EmploymentEntity } from '../../../src/people/employment.entity';
import { PersonEntity } from '../../../src/people/person.entity';
import { UpsertHoldingInput } from '../../../src/products/dto/upsert-holding.input';
import { HoldingEntity } from '../../../src/products/holding.entity';

const PAIRS: [Function, Function][] = [
  [UpsertBranchInput, BranchEntity],
  [UpsertCorporateClientInput, CorporateClientEntity],
  [UpsertManagerInput, ManagerEntity],
  [UpsertPersonInput, PersonEntity],
  [UpsertEmploymentInput, EmploymentEntity],
  [UpsertHoldingInput, HoldingEntity],
  [RecordOutcomeInput, OpportunityOutcomeEntity],
];

/** Values the column cannot hold, for every input property stored in a same-named column. */
function misfits(input: Function, entity: Function): { property: string; value: string }[] {
  const inputProps = new Set(Object.keys(new (input as new () => object)()).concat(Reflect.ownKeys(input.prototype) as string[]));
  for (const m of getMetadataStorage().getTargetValidationMetadatas(input, '', true, false)) inputProps.add(m.propertyName);
  const out: { property: string; value: string }[] = [];
  for (const column of getMetadataArgsStorage().columns.filter((c) => c.target === entity && inputProps.has(c.propertyName))) {
    const o = column.options as { type?: unknown; length?: number; precision?: number; scale?: number };
    const property = column.propertyName;
    if (o.type === 'varchar') {
      out.push({ property, value: 'ab\u0000cd' });
      out.push({ property, value: 'a\uFE0F'.repeat(Math.ceil((Number(o.length) + 1) / 2)) });
      out.push({ property, value: 'x'.repeat(Number(o.length) + 1) });
    } else if (o.type === 'numeric') {
      out.push({ property, value: `${'9'.repeat((o.precision ?? 18) - (o.scale ?? 0) + 1)}.00` });
    }
  }
  return out;
}

describe('input validation against the columns', () => {
  it.each(PAIRS.map(([input, entity]) => [input.name, input, entity] as const))('refuses what the columns cannot hold in %s', (_name, input, entity) => {
    const cases = misfits(input, entity);
    expect(cases.length).toBeGreaterThan(0);
    const accepted = cases.filter(({ property, value }) => {
      const errors = validateSync(plainToInstance(input as new () => object, { [property]: value }));
      return !errors.some((e) => e.property === property);
    });
    expect(accepted.map((c) => `${c.property}=${JSON.stringify(c.value.slice(0, 12))}… (${[...c.value].length})`)).toEqual([]);
  });

  it('refuses an employment that ends before it starts and a holding closed before it opened', () => {
    const employment = validateSync(plainToInstance(UpsertEmploymentInput, { startDate: '2020-05-01', endDate: '2020-04-30' }));
    expect(employment.find((e) => e.property === 'endDate')?.constraints).toEqual({ isNotBefore: 'endDate must not be before startDate' });
    const holding = validateSync(plainToInstance(UpsertHoldingInput, { openedAt: '2020-05-01', closedAt: '2020-04-30' }));
    expect(holding.find((e) => e.property === 'closedAt')?.constraints).toEqual({ isNotBefore: 'closedAt must not be before openedAt' });
  });
});
