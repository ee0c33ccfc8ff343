import { DemoBankGenerator, employeeCounts, sizeBandFor, type CompanyBundle } from '../../../src/demo/demo-bank.generator';
import { Random } from '../../../src/demo/random';
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';

const all = (g: DemoBankGenerator): CompanyBundle[] => [...g.companies()];

describe('demo bank generator', () => {
  const options = { corporates: 12, employees: 1500, asOf: '2026-11-23', seed: 7 };

  it('produces exactly the same bank, ids included, for the same options', () => {
    const a = new DemoBankGenerator(options);
    const b = new DemoBankGenerator(options);
    expect(b.staff).toEqual(a.staff);
    expect(all(b)).toEqual(all(a));
  });

  it('produces a different bank for another seed', () => {
    const a = all(new DemoBankGenerator(options));
    const b = all(new DemoBankGenerator({ ...options, seed: 8 }));
    expect(b.map((x) => x.company.name)).not.toEqual(a.map((x) => x.company.name));
  });

  it('creates exactly the requested companies and employees, plus executives and owners', () => {
    const bundles = all(new DemoBankGenerator(options));
    expect(bundles).toHaveLength(12);
    const employments = bundles.flatMap((b) => b.employments);
    expect(employments.filter((e) => e.role === 'EMPLOYEE')).toHaveLength(1500);
    expect(employments.filter((e) => e.role === 'OWNER').length).toBeGreaterThanOrEqual(12);
    for (const b of bundles) expect(b.company.sizeBand).toBe(sizeBandFor(b.employeeCount));
  });

  it('makes a believable bank: several industries, salaries in range, high net worth owners, known products only', () => {
    const bundles = all(new DemoBankGenerator({ ...options, corporates: 40, employees: 4000 }));
    expect(new Set(bundles.map((b) => b.company.industry)).size).toBeGreaterThanOrEqual(6);
    const salaries = bundles.flatMap((b) => b.employments).filter((e) => e.role === 'EMPLOYEE').map((e) => Number(e.monthlySalary));
    expect(Math.min(...salaries)).toBeGreaterThanOrEqual(1500);
    const median = [...salaries].sort((x, y) => x - y)[Math.floor(salaries.length / 2)]!;
    expect(median).toBeGreaterThan(2000);
    expect(median).toBeLessThan(8000);
    expect(bundles.flatMap((b) => b.persons).some((p) => p.segment === 'HIGH_NET_WORTH')).toBe(true);
    const codes = new Set(PRODUCT_CATALOGUE.map((p) => p.code));
    for (const h of bundles.flatMap((b) => b.holdings)) expect(codes.has(h.productCode)).toBe(true);
    const payroll = bundles.flatMap((b) => b.employments).filter((e) => e.salaryPaidHere).length;
    expect(payroll).toBeGreaterThan(1000);
  });

  it('gives the first client a fixed size when asked (benchmarks)', () => {
    const counts = employeeCounts(new Random(1), 5, 1000, 600);
    expect(counts[0]).toBe(600);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(1000);
  });

  it('rejects nonsense sizes', () => {
    expect(() => new DemoBankGenerator({ ...options, corporates: 0 })).toThrow(/corporates/);
    expect(() => new DemoBankGenerator({ ...options, employees: -5 })).toThrow(/employees/);
  });
});
