import type { DataSource } from 'typeorm';

/**
 * Keeps PostgreSQL's statistics of a table current while one long job grows it.
 *
 * Why: with statistics taken when `opportunities` was (nearly) empty, PostgreSQL plans the
 * per-chunk lookups of live opportunities (`party_id = ANY(…)`) as a walk over a partial index it
 * believes tiny; as a refresh fills the table, each lookup walks the whole index (measured on
 * 150,000 rows: 14 s for one chunk's lookup instead of 55 ms; a cold refresh of a 100,000-employee
 * client took 27 s instead of 17 s). Autovacuum notices only after its nap; a job that has written at
 * least as many rows as the statistics knew (and at least `minRows`) analyses the table itself, which
 * reads a sample and takes a fraction of a second.
 */
export class PlannerStatistics {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly table: string,
    private readonly minRows: number,
    private known: number,
  ) {}

  /** `table` is a constant of ours, never user input. */
  static async track(dataSource: DataSource, table: 'opportunities', minRows: number): Promise<PlannerStatistics> {
    const [row] = await dataSource.query(`SELECT GREATEST(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = $1::regclass`, [table]);
    return new PlannerStatistics(dataSource, table, minRows, Number(row?.rows ?? 0));
  }

  private since = 0;
  private analysed = false;

  /**
   * Call after committing `rows` new rows; true when it analysed the table. The first time once the
   * job wrote as many rows as the statistics knew; after that only once the table has grown
   * fourfold: once analysed, PostgreSQL scales its row estimates by the table's current size on
   * disk, so further analyses mostly cost time (a cold refresh of 207,000 rows analysed five times,
   * 2.5 s of its PostgreSQL time; now twice).
   */
  async wrote(rows: number): Promise<boolean> {
    this.since += rows;
    if (this.since < Math.max(this.minRows, this.analysed ? 3 * this.known : this.known)) return false;
    // Counted before the analysis runs: chunks written at the same time do not analyse again.
    this.analysed = true;
    this.known += this.since;
    this.since = 0;
    await this.dataSource.query(`ANALYZE ${this.table}`);
    return true;
  }
}
