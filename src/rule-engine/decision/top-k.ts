/**
 * The best K items of a stream in O(n log K) time and O(K) memory: a binary heap whose root is the
 * worst item kept, so a newcomer is compared once against it and most are rejected in O(1).
 */
export class TopK<T> {
  private readonly heap: T[] = [];

  /**
   * @param k how many to keep (a whole number ≥ 0)
   * @param compare negative when `a` ranks before (is better than) `b`; must be a total order for
   *   the result to be deterministic
   */
  constructor(
    readonly k: number,
    private readonly compare: (a: T, b: T) => number,
  ) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`TopK: k must be a whole number ≥ 0, got ${k}`);
  }

  get size(): number {
    return this.heap.length;
  }

  /** The worst item kept, the one a newcomer must beat once the heap is full. */
  peekWorst(): T | undefined {
    return this.heap[0];
  }

  /** True when `item` would be kept (the heap is not full, or it beats the worst kept). */
  accepts(item: T): boolean {
    return this.heap.length < this.k || (this.k > 0 && this.compare(item, this.heap[0]!) < 0);
  }

  /** Offers an item; returns true when it was kept. */
  push(item: T): boolean {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(item);
      this.siftUp(heap.length - 1);
      return true;
    }
    if (this.k === 0 || this.compare(item, heap[0]!) >= 0) return false;
    heap[0] = item;
    this.siftDown(0);
    return true;
  }

  /** The kept items, best first (sorts only the K kept). */
  toSortedArray(): T[] {
    return [...this.heap].sort(this.compare);
  }

  /** True when `a` is worse than `b` (belongs nearer the root). */
  private worse(a: T, b: T): boolean {
    return this.compare(a, b) > 0;
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const item = heap[index]!;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.worse(item, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = item;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const worst = right < n && this.worse(heap[right]!, heap[left]!) ? right : left;
      if (!this.worse(heap[worst]!, item)) break;
      heap[index] = heap[worst]!;
      index = worst;
    }
    heap[index] = item;
  }
}
