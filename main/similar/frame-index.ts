import { ChunkTables, type ChunkBits, HASH_WORDS, scanRange, type VisitMatch } from './chunk-tables'
import { type FrameHash, type FrameHit, type KeptFrame, keptFrames } from './frame-match'
import { HASH_BYTES } from './hash-bits'

// Frames live in flat typed arrays, each asset's frames side by side. The lookup tables (chunk-tables.ts) come in two
// tiers so adding a few assets to a big index stays cheap: the base covers most frames and is rebuilt only when the
// recent tier grows past a quarter of it; the recent tier is rebuilt whenever more than `pendingLimit` frames wait
// outside both, and those few are compared one by one. Removed frames are skipped until a rebuild drops them.

/** An asset with frames that match some of the query's, by position in each one's kept frames. */
export interface CandidateAsset {
  assetId: string
  hits: FrameHit[]
}

/** Tuning: the chunk size, and how many added frames may wait outside the tables. */
export interface FrameIndexOptions {
  chunkBits?: ChunkBits
  pendingLimit?: number
}

interface AssetEntry {
  assetId: string
  start: number
  count: number
}

const DEFAULT_PENDING_LIMIT = 2048
/** The recent tier is folded into the base once it holds more than this share of the base's frames. */
const RECENT_SHARE = 0.25

/** Frame hashes of many assets, answering "which frames lie within distance 31 of these" without a full scan. */
export class FrameIndex {
  readonly chunkBits: ChunkBits
  private readonly pendingLimit: number
  private words = new Uint32Array(0)
  private timestamps = new Float64Array(0)
  /** The asset slot of each frame, -1 once removed. */
  private owner = new Int32Array(0)
  private frameCount = 0
  private deadFrames = 0
  private base: ChunkTables
  private recent: ChunkTables
  private assets: (AssetEntry | undefined)[] = []
  private readonly slots = new Map<string, number>()
  private readonly live = (id: number) => this.owner[id]! >= 0

  constructor({ chunkBits = 16, pendingLimit = DEFAULT_PENDING_LIMIT }: FrameIndexOptions = {}) {
    this.chunkBits = chunkBits
    this.pendingLimit = pendingLimit
    this.base = new ChunkTables(chunkBits, 0, 0, this.words)
    this.recent = this.base
  }

  /** An index of every asset's kept frames, built in one pass (one table build at the end), e.g. at start-up. */
  static build(assets: Iterable<{ assetId: string; frames: readonly FrameHash[] }>, options?: FrameIndexOptions) {
    const index = new FrameIndex(options)
    for (const { assetId, frames } of assets) index.add(assetId, frames, { deferTables: true })
    index.rebuild()
    return index
  }

  /** Assets and kept frames in the index. */
  get size(): { assets: number; frames: number } {
    return { assets: this.slots.size, frames: this.frameCount - this.deadFrames }
  }

  /** Bytes the index's arrays hold. */
  get bytes(): number {
    const tables = this.base.bytes + (this.recent === this.base ? 0 : this.recent.bytes)
    return tables + this.words.byteLength + this.timestamps.byteLength + this.owner.byteLength
  }

  /**
   * Adds (or replaces) an asset's frames; those of low quality and repeated hashes are left out. With `deferTables`
   * the frames wait outside the lookup tables, compared one by one, until `rebuild()`: for loading many at once.
   */
  add(assetId: string, frames: readonly FrameHash[], { deferTables = false } = {}): void {
    this.append(assetId, keptFrames(frames))
    if (deferTables || this.frameCount - this.recent.to <= this.pendingLimit) return
    if (this.frameCount - this.base.to > this.base.to * RECENT_SHARE) this.rebuild()
    else this.recent = new ChunkTables(this.chunkBits, this.base.to, this.frameCount, this.words)
  }

  /** Removes an asset's frames; false when it was not indexed. */
  remove(assetId: string): boolean {
    const slot = this.slots.get(assetId)
    if (slot === undefined) return false
    const entry = this.assets[slot]!
    this.owner.fill(-1, entry.start, entry.start + entry.count)
    this.deadFrames += entry.count
    this.assets[slot] = undefined
    this.slots.delete(assetId)
    if (this.deadFrames * 4 > this.frameCount) this.rebuild()
    return true
  }

  /** An indexed asset's kept frames, in time order; empty when it is not indexed. */
  framesOf(assetId: string): KeptFrame[] {
    const slot = this.slots.get(assetId)
    if (slot === undefined) return []
    const { start, count } = this.assets[slot]!
    const bytes = new Uint8Array(this.words.buffer)
    return Array.from({ length: count }, (_, frame) => ({
      hash: bytes.slice((start + frame) * HASH_BYTES, (start + frame + 1) * HASH_BYTES),
      timestampSeconds: this.timestamps[start + frame]!,
    }))
  }

  /** How many kept frames each indexed asset has. */
  frameCounts(): Map<string, number> {
    return new Map(this.assets.flatMap((entry) => (entry ? [[entry.assetId, entry.count] as const] : [])))
  }

  /** Indexed asset ids in the order they were added. */
  assetIds(): string[] {
    return this.assets.flatMap((entry) => (entry ? [entry.assetId] : []))
  }

  /**
   * Assets with frames within distance 31 of an indexed asset's frames (never itself), most hits first; with
   * `laterOnly`, only assets added after it, so going through every asset finds each pair once.
   */
  queryAsset(assetId: string, { laterOnly = false }: { laterOnly?: boolean } = {}): CandidateAsset[] {
    const slot = this.slots.get(assetId)
    if (slot === undefined) return []
    const { start, count } = this.assets[slot]!
    const query = this.words.slice(start * HASH_WORDS, (start + count) * HASH_WORDS)
    return this.collect(query, count, slot, laterOnly ? start + count : 0)
  }

  /** Assets with frames within distance 31 of some of `frames`, e.g. of an asset not indexed yet. */
  queryFrames(frames: readonly KeptFrame[]): CandidateAsset[] {
    const query = new Uint32Array(frames.length * HASH_WORDS)
    frames.forEach(({ hash }, frame) => new Uint8Array(query.buffer).set(hash, frame * HASH_BYTES))
    return this.collect(query, frames.length, -1, 0)
  }

  /** Every frame pair within distance 31 between two indexed assets, compared all with all (no lookups). */
  hitsBetween(assetId: string, otherId: string): FrameHit[] {
    const [a, b] = [assetId, otherId].map((id) => this.assets[this.slots.get(id) ?? -1])
    if (!a || !b) return []
    const hits: FrameHit[] = []
    for (let frame = 0; frame < a.count; frame++) {
      scanRange(this.words, b.start, b.start + b.count, this.words, (a.start + frame) * HASH_WORDS, (id, distance) =>
        hits.push({ frame, otherFrame: id - b.start, distance }),
      )
    }
    return hits
  }

  /** Puts every frame into the base tables and drops removed ones now rather than when they pile up. */
  rebuild(): void {
    this.compact()
    this.base = new ChunkTables(this.chunkBits, 0, this.frameCount, this.words)
    this.recent = this.base
  }

  /** Appends kept frames without touching the tables. */
  private append(assetId: string, frames: readonly KeptFrame[]): void {
    this.remove(assetId)
    const start = this.frameCount
    this.reserve(start + frames.length)
    const bytes = new Uint8Array(this.words.buffer)
    const slot = this.assets.length
    frames.forEach(({ hash, timestampSeconds }, frame) => {
      bytes.set(hash, (start + frame) * HASH_BYTES)
      this.timestamps[start + frame] = timestampSeconds
      this.owner[start + frame] = slot
    })
    this.frameCount += frames.length
    this.assets.push({ assetId, start, count: frames.length })
    this.slots.set(assetId, slot)
  }

  private collect(query: Uint32Array, count: number, self: number, minId: number): CandidateAsset[] {
    const found = new Map<number, FrameHit[]>()
    for (let frame = 0; frame < count; frame++) {
      this.scan(query, frame * HASH_WORDS, minId, (id, distance) => {
        const slot = this.owner[id]!
        if (slot === self) return
        const hits = found.get(slot) ?? found.set(slot, []).get(slot)!
        hits.push({ frame, otherFrame: id - this.assets[slot]!.start, distance })
      })
    }
    return [...found]
      .map(([slot, hits]) => ({ assetId: this.assets[slot]!.assetId, hits }))
      .sort((a, b) => b.hits.length - a.hits.length)
  }

  private scan(query: Uint32Array, at: number, minId: number, visit: VisitMatch): void {
    this.base.scan(this.words, query, at, minId, this.live, visit)
    if (this.recent !== this.base) this.recent.scan(this.words, query, at, minId, this.live, visit)
    scanRange(this.words, Math.max(minId, this.recent.to), this.frameCount, query, at, (id, distance) => {
      if (this.live(id)) visit(id, distance)
    })
  }

  /** Moves live frames down over removed ones, keeping each asset's frames together and in order. */
  private compact(): void {
    if (this.deadFrames === 0) return
    const live = this.assets.filter((entry): entry is AssetEntry => entry !== undefined)
    let next = 0
    live.forEach((entry, slot) => {
      this.words.copyWithin(next * HASH_WORDS, entry.start * HASH_WORDS, (entry.start + entry.count) * HASH_WORDS)
      this.timestamps.copyWithin(next, entry.start, entry.start + entry.count)
      this.owner.fill(slot, next, next + entry.count)
      entry.start = next
      next += entry.count
      this.slots.set(entry.assetId, slot)
    })
    this.assets = live
    this.frameCount = next
    this.deadFrames = 0
  }

  private reserve(frames: number): void {
    if (frames <= this.owner.length) return
    const capacity = Math.max(frames, Math.ceil(this.owner.length * 1.5), 64)
    this.words = grown(this.words, new Uint32Array(capacity * HASH_WORDS))
    this.timestamps = grown(this.timestamps, new Float64Array(capacity))
    this.owner = grown(this.owner, new Int32Array(capacity))
  }
}

function grown<T extends Uint32Array | Float64Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old)
  return bigger
}
