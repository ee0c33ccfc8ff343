import { addDays, ageOn, daysBetween, monthsBetween } from '../../../src/common/dates';

describe('calendar helpers', () => {
  it('counts whole years of age, turning a year older on the birthday', () => {
    expect(ageOn('1990-11-24', '2026-11-23')).toBe(35);
    expect(ageOn('1990-11-23', '2026-11-23')).toBe(36);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
  });

  it('counts whole months, never negative', () => {
    expect(monthsBetween('2024-05-24', '2026-11-23')).toBe(29);
    expect(monthsBetween('2024-05-23', '2026-11-23')).toBe(30);
    expect(monthsBetween('2027-01-01', '2026-11-23')).toBe(0);
  });

  it('counts days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-11-24', '2026-11-23')).toBe(-1);
    expect(addDays('2026-11-23', 90)).toBe('2027-02-21');
    expect(daysBetween('2026-11-23', addDays('2026-11-23', 400))).toBe(400);
  });
});
