import { heldProducts } from '../../../src/opportunities/subjects.repository';

describe('heldProducts (open holdings as the facts query returns them)', () => {
  it('splits codes and balances, keeping their order and unknown balances as null', () => {
    expect(heldProducts('DEBIT_CARD_STD:,TERM_DEPOSIT:23456.71,PERSONAL_LOAN:-1200.50,SAVINGS_PLAN:0.00')).toEqual({
      holdingCodes: ['DEBIT_CARD_STD', 'TERM_DEPOSIT', 'PERSONAL_LOAN', 'SAVINGS_PLAN'],
      holdingBalances: [null, 23456.71, -1200.5, 0],
    });
  });

  it('reads a person without open holdings as holding nothing', () => {
    expect(heldProducts(null)).toEqual({ holdingCodes: [], holdingBalances: [] });
    expect(heldProducts('MORTGAGE:250000.00')).toEqual({ holdingCodes: ['MORTGAGE'], holdingBalances: [250000] });
  });
});
