import { dataVersion } from './data-version';

/**
 * A small cache for expensive reads (lead list pages): an entry serves while no write happened in
 * this process since it was computed and it is younger than `ttlMs`; at most `size` entries. A
 * `ttlMs` of 0 turns it off.
 */
export class ReadCache<T> {
  private readonly entries = new Map<string, { version: number; expires: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly size: number,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute(); // the cache is off
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.version === dataVersion.current() && hit.expires > now) return hit.value;
    const value = compute();
    const entry = { version: dataVersion.current(), expires: now + this.ttlMs, value };
    this.entries.delete(key);
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}
