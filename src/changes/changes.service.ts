import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangesRepository } from './changes.repository';

/**
 * Change capture: every write path tells this service, inside its own transaction, what it made
 * stale — persons (their own data, employments, holdings) or companies (a company's data, its
 * holdings, its owners and executives, whose decisions read company facts). The mark commits with
 * the change or not at all.
 */
@Injectable()
export class ChangesService {
  /** Persons whose data changed: their opportunities on every route are decided again. */
  async personsChanged(tx: EntityManager, personIds: readonly string[]): Promise<void> {
    await ChangesRepository.markPersons(tx, personIds);
  }

  /** Companies whose facts changed: everything that arises through them is decided again. */
  async companiesChanged(tx: EntityManager, companyIds: readonly string[]): Promise<void> {
    await ChangesRepository.markCompanies(tx, companyIds);
  }
}
