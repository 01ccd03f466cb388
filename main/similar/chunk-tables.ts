import { MATCH_DISTANCE } from './frame-match'
import { HASH_BYTES } from './hash-bits'

// Multi-index hashing (Norouzi et al. 2014): cut each 256-bit hash into equal chunks. Two hashes within distance 31
// differ in at most floor(31 / chunks) bits in at least one chunk (pigeonhole), so looking each chunk up exactly, or
// with each of its bits flipped, finds every match. At a million uniformly spread frames the 16 x 17 lookups of
// 16-bit chunks still return about 4,000 candidates per query frame, and fetching each candidate's hash from a
// random place in memory is what costs. So each posting carries, next to the frame id, three other words of the frame's hash: 96
// bits reject an unrelated frame (about 48 bits apart there) without leaving the posting list, and only the rare
// survivor is compared in full.

// The hot loops below use only this module's own functions and constants: under tsx (tests, bench) an imported
// binding is read through a getter on every use, which stops V8 from inlining it and halves the speed.
const LIMIT = MATCH_DISTANCE

/** 32-bit words in a hash. */
export const HASH_WORDS = HASH_BYTES / 4
/** 32-bit words in a 64-byte cache line. */
const CACHE_LINE_WORDS = 16
/** Words a posting carries: the frame id and three words of its hash that do not hold the posting's chunk. */
const POSTING_WORDS = 4

/** How hashes are cut: 16 chunks of 16 bits looked up within 1 bit, or 32 chunks of 8 bits looked up exactly. */
export type ChunkBits = 8 | 16

/** Calls back with a frame id and its distance (at most 31) to the query. */
export type VisitMatch = (id: number, distance: number) => void

/** The lookup tables of the frames with ids from..to-1 of a shared hash array; read-only once built. */
export class ChunkTables {
  readonly chunkCount: number
  /** Bits a chunk of a match may differ in: at least one chunk of every match stays within this. */
  readonly chunkRadius: number
  private readonly mask: number
  private readonly wordShift: number
  private readonly stride: number
  /** Per chunk, the start of each bucket's postings (in postings, not words), then its end. */
  private readonly offsets: Uint32Array
  private readonly postings: Uint32Array
  /** Scratch: where each probed bucket's postings start and end, for the query frame at hand. */
  private readonly spans: Uint32Array
  /** What the early reads of postings saw, kept so that the compiler cannot drop them as unused. */
  touched = 0

  constructor(
    readonly chunkBits: ChunkBits,
    readonly from: number,
    readonly to: number,
    words: Uint32Array,
  ) {
    this.chunkCount = (HASH_BYTES * 8) / chunkBits
    this.chunkRadius = Math.floor(MATCH_DISTANCE / this.chunkCount)
    this.mask = (1 << chunkBits) - 1
    this.wordShift = Math.log2(32 / chunkBits)
    this.stride = (1 << chunkBits) + 1
    this.offsets = new Uint32Array(this.chunkCount * this.stride)
    this.postings = new Uint32Array(this.chunkCount * (to - from) * POSTING_WORDS)
    this.spans = new Uint32Array(this.chunkCount * (this.chunkRadius === 0 ? 1 : chunkBits + 1) * 2)
    for (let chunk = 0; chunk < this.chunkCount; chunk++) this.fill(words, chunk)
  }

  /** Bytes the tables hold. */
  get bytes(): number {
    return this.offsets.byteLength + this.postings.byteLength
  }

  /**
   * Visits each frame from `minId` on within distance 31 of the hash at `query[at..]` once; `live` says whether a
   * frame still counts (removed frames stay in the tables until the next rebuild).
   */
  scan(
    words: Uint32Array,
    query: Uint32Array,
    at: number,
    minId: number,
    live: (id: number) => boolean,
    visit: VisitMatch,
  ): void {
    const { offsets, postings, stride, spans } = this
    if (minId >= this.to) return
    const probes = this.chunkRadius === 0 ? 1 : this.chunkBits + 1
    // Every bucket's place first, then one read of each cache line of every bucket, and only then the walk: reads that
    // do not wait on each other overlap their trips to memory (halving a query at a million frames), where walking
    // bucket after bucket waits out each trip in turn.
    for (let chunk = 0, span = 0; chunk < this.chunkCount; chunk++) {
      const value = this.chunkOf(query, at, chunk)
      for (let probe = 0; probe < probes; probe++, span += 2) {
        const bucket = chunk * stride + (probe === 0 ? value : value ^ (1 << (probe - 1)))
        spans[span] = offsets[bucket]! * POSTING_WORDS
        spans[span + 1] = offsets[bucket + 1]! * POSTING_WORDS
      }
    }
    let touched = 0
    for (let span = 0; span < spans.length; span += 2) {
      for (let p = spans[span]!, end = spans[span + 1]!; p < end; p += CACHE_LINE_WORDS) touched ^= postings[p]!
    }
    this.touched = touched
    for (let chunk = 0, span = 0; chunk < this.chunkCount; chunk++) {
      const home = chunk >> this.wordShift
      const q1 = query[at + ((home + 1) % HASH_WORDS)]!
      const q2 = query[at + ((home + 2) % HASH_WORDS)]!
      const q3 = query[at + ((home + 3) % HASH_WORDS)]!
      for (let probe = 0; probe < probes; probe++, span += 2) {
        const chunkDistance = probe === 0 ? 0 : 1
        for (let p = spans[span]!, end = spans[span + 1]!; p < end;) {
          const id = postings[p++]!
          const partial =
            chunkDistance +
            popcount32(postings[p++]! ^ q1) +
            popcount32(postings[p++]! ^ q2) +
            popcount32(postings[p++]! ^ q3)
          if (partial > LIMIT || id < minId) continue
          const distance = fullDistance(words, id, query, at)
          // A match is visited by the first chunk that finds it, so once.
          if (distance <= LIMIT && !this.foundEarlier(words, id, query, at, chunk) && live(id)) {
            visit(id, distance)
          }
        }
      }
    }
  }

  /** A counting sort of this range's frames by the chunk's value: count each bucket, sum to offsets, place. */
  private fill(words: Uint32Array, chunk: number): void {
    const base = chunk * this.stride
    const first = chunk * (this.to - this.from)
    for (let id = this.from; id < this.to; id++) this.offsets[base + this.chunkOf(words, id * HASH_WORDS, chunk) + 1]!++
    this.offsets[base] = first
    for (let bucket = 1; bucket < this.stride; bucket++)
      this.offsets[base + bucket]! += this.offsets[base + bucket - 1]!
    const cursor = this.offsets.slice(base, base + this.stride - 1)
    const home = chunk >> this.wordShift
    for (let id = this.from; id < this.to; id++) {
      let p = cursor[this.chunkOf(words, id * HASH_WORDS, chunk)]!++ * POSTING_WORDS
      this.postings[p++] = id
      for (let step = 1; step <= 3; step++) this.postings[p++] = words[id * HASH_WORDS + ((home + step) % HASH_WORDS)]!
    }
  }

  private foundEarlier(words: Uint32Array, id: number, query: Uint32Array, at: number, chunk: number): boolean {
    for (let earlier = 0; earlier < chunk; earlier++) {
      const differing = this.chunkOf(query, at, earlier) ^ this.chunkOf(words, id * HASH_WORDS, earlier)
      if (popcount32(differing) <= this.chunkRadius) return true
    }
    return false
  }

  private chunkOf(words: Uint32Array, at: number, chunk: number): number {
    const inWord = chunk & ((1 << this.wordShift) - 1)
    return (words[at + (chunk >> this.wordShift)]! >>> (inWord * this.chunkBits)) & this.mask
  }
}

/** Visits every frame from..to-1 within distance 31 of the hash at `query[at..]`, comparing each in full. */
export function scanRange(
  words: Uint32Array,
  from: number,
  to: number,
  query: Uint32Array,
  at: number,
  visit: VisitMatch,
): void {
  for (let id = from; id < to; id++) {
    const distance = fullDistance(words, id, query, at)
    if (distance <= LIMIT) visit(id, distance)
  }
}

/** The Hamming distance between frame `id` and the hash at `query[at..]`, or any number above 31 once it must be. */
function fullDistance(words: Uint32Array, id: number, query: Uint32Array, at: number): number {
  const base = id * HASH_WORDS
  let distance = 0
  for (let word = 0; word < HASH_WORDS && distance <= LIMIT; word++) {
    distance += popcount32(words[base + word]! ^ query[at + word]!)
  }
  return distance
}

/** How many bits are set in a 32-bit word. */
function popcount32(word: number): number {
  let bits = word - ((word >>> 1) & 0x55555555)
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333)
  bits = (bits + (bits >>> 4)) & 0x0f0f0f0f
  return Math.imul(bits, 0x01010101) >>> 24
}
