/** How many requests a bucket holds at most, and how many it gets back each second. */
export interface BucketRate {
  burst: number
  perSecond: number
}

// Past this many keys, buckets that have filled up again are forgotten (they would answer as a new one does).
const SWEEP_FROM = 10_000

/** Token buckets by key (a link's id): each request takes one; an empty bucket says how long until the next. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly rate: BucketRate,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes one from `key`'s bucket: null when there was one, else the seconds until there is (Retry-After). */
  take(key: string): number | null {
    const now = this.clock()
    const held = this.buckets.get(key)
    const tokens = held
      ? Math.min(this.rate.burst, held.tokens + ((now - held.at) / 1000) * this.rate.perSecond)
      : this.rate.burst
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now })
      return Math.max(1, Math.ceil((1 - tokens) / this.rate.perSecond))
    }
    if (this.buckets.size >= SWEEP_FROM) this.sweep(now)
    this.buckets.set(key, { tokens: tokens - 1, at: now })
    return null
  }

  private sweep(now: number): void {
    for (const [key, held] of this.buckets) {
      if (held.tokens + ((now - held.at) / 1000) * this.rate.perSecond >= this.rate.burst) this.buckets.delete(key)
    }
  }
}
