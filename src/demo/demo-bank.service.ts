import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { todayIso } from '../common/dates';
import { DemoBankGenerator } from './demo-bank.generator';
import { bankIsEmpty, loadDemoBank } from './demo-bank.loader';
import { RefresherService } from '../refresh/refresher.service';

/** Size of the demo bank `npm start` loads into an empty database. */
export const STARTER_DEMO = { corporates: 24, employees: 3000 } as const;

@Injectable()
export class DemoBankService {
  private readonly logger = new Logger(DemoBankService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly refresher: RefresherService,
  ) {}

  /** Loads the small demo bank when DEMO_DATA is on and the database holds no clients. */
  async loadIfEmpty(): Promise<boolean> {
    if (!this.config.DEMO_DATA) return false;
    if (!(await bankIsEmpty(this.dataSource))) return false;
    this.logger.log(`the database is empty: loading the demo bank (${STARTER_DEMO.corporates} companies, ${STARTER_DEMO.employees} employees); set DEMO_DATA=false to start empty`);
    const generator = new DemoBankGenerator({ ...STARTER_DEMO, asOf: todayIso() });
    const s = await loadDemoBank(this.dataSource, generator, STARTER_DEMO.employees);
    this.logger.log(`demo bank loaded in ${s.ms} ms: ${s.branches} branches, ${s.managers} managers, ${s.corporateClients} corporate clients, ${s.persons} persons, ${s.holdings} holdings`);
    const refreshed = await this.refresher.refresh();
    this.logger.log(`demo opportunities computed: ${refreshed.created} for ${refreshed.subjects} subjects in ${refreshed.ms} ms`);
    return true;
  }
}
