/**
 * Test data builders with overridable defaults: `await bank.person({ segment: 'AFFLUENT' })`.
 * They write through TypeORM into a real test database and return the saved entities.
 */
import type { DataSource, DeepPartial } from 'typeorm';
import { BranchEntity } from '../../src/branches/branch.entity';
import { CorporateClientEntity } from '../../src/corporate-clients/corporate-client.entity';
import { ManagerEntity } from '../../src/managers/manager.entity';
import { EmploymentEntity } from '../../src/people/employment.entity';
import { PersonEntity } from '../../src/people/person.entity';
import { HoldingEntity } from '../../src/products/holding.entity';
import { ProductEntity } from '../../src/products/product.entity';

let seq = 0;
const next = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

export class BankFactory {
  constructor(private readonly ds: DataSource) {}

  async branch(overrides: DeepPartial<BranchEntity> = {}): Promise<BranchEntity> {
    return this.ds.getRepository(BranchEntity).save({ externalId: next('BR'), name: 'Test Branch', city: 'Testville', ...overrides });
  }

  async manager(overrides: DeepPartial<ManagerEntity> = {}): Promise<ManagerEntity> {
    const branchId = overrides.branchId === undefined ? (await this.branch()).id : overrides.branchId;
    return this.ds.getRepository(ManagerEntity).save({ externalId: next('MGR'), name: 'Test Manager', role: 'CORPORATE_RM', ...overrides, branchId });
  }

  async corporateClient(overrides: DeepPartial<CorporateClientEntity> = {}): Promise<CorporateClientEntity> {
    const branchId = overrides.branchId ?? (await this.branch()).id;
    return this.ds.getRepository(CorporateClientEntity).save({
      externalId: next('CC'),
      name: 'Acme Manufacturing',
      industry: 'MANUFACTURING',
      sizeBand: 'MEDIUM',
      creditGrade: 'B',
      payrollWithBank: true,
      posTerminalCount: 0,
      hasSettlementAccount: true,
      relationshipSince: '2020-03-01',
      ...overrides,
      branchId,
    });
  }

  async person(overrides: DeepPartial<PersonEntity> = {}): Promise<PersonEntity> {
    return this.ds.getRepository(PersonEntity).save({
      externalId: next('P'),
      fullName: 'Alex Example',
      birthDate: '1990-05-17',
      segment: 'MASS',
      aum: '8000.00',
      monthlyIncome: '4200.00',
      creditScore: 690,
      marketingConsent: true,
      doNotContact: false,
      dependants: 0,
      outflow30d: '0.00',
      ...overrides,
    });
  }

  async employment(person: PersonEntity, client: CorporateClientEntity, overrides: DeepPartial<EmploymentEntity> = {}): Promise<EmploymentEntity> {
    return this.ds.getRepository(EmploymentEntity).save({
      externalId: next('E'),
      personId: person.id,
      corporateClientId: client.id,
      role: 'EMPLOYEE',
      title: 'Engineer',
      monthlySalary: '4000.00',
      salaryPaidHere: true,
      startDate: '2022-01-10',
      endDate: null,
      ...overrides,
    });
  }

  async holding(owner: { personId: string } | { corporateClientId: string }, productCode: string, overrides: DeepPartial<HoldingEntity> = {}): Promise<HoldingEntity> {
    const product = await this.ds.getRepository(ProductEntity).findOneByOrFail({ code: productCode });
    return this.ds.getRepository(HoldingEntity).save({
      externalId: next('H'),
      productId: product.id,
      personId: 'personId' in owner ? owner.personId : null,
      corporateClientId: 'corporateClientId' in owner ? owner.corporateClientId : null,
      openedAt: '2023-02-01',
      closedAt: null,
      balance: null,
      ...overrides,
    });
  }
}
