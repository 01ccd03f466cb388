import type { CandidateAsset } from './frame-index'
import type { FrameHash, PairMatch } from './frame-match'
import { HASH_BYTES } from './hash-bits'
import type { AssetPair } from './similar-groups'

// The messages between similar-index-client.ts and the worker that holds the index. Frames travel packed in three
// typed arrays whose buffers are transferred, not as one small object per frame: a rebuild sends a million frames.

/** One asset's sampled frames, as stored. */
export interface AssetFrames {
  assetId: string
  frames: readonly FrameHash[]
}

/** Frames of several assets in flat arrays: each asset's frames follow the previous asset's. */
export interface PackedFrames {
  assetIds: string[]
  counts: number[]
  hashes: Uint8Array
  qualities: Uint8Array
  timestamps: Float64Array
}

/** A candidate of a query, with its hits and what they mean (shares, relation, stretches; A is the query). */
export interface AssetCandidate extends CandidateAsset {
  match: PairMatch
}

/** Counts of the index and the bytes it holds. */
export interface IndexStats {
  assets: number
  frames: number
  bytes: number
}

/** What the client asks. `load` adds without rebuilding the lookup tables; `seal` rebuilds them once. */
export type SimilarIndexRequest =
  | { id: number; type: 'reset' }
  | { id: number; type: 'load'; packed: PackedFrames }
  | { id: number; type: 'seal' }
  | { id: number; type: 'add'; packed: PackedFrames }
  | { id: number; type: 'remove'; assetId: string }
  | { id: number; type: 'query'; assetId: string }
  | { id: number; type: 'query-frames'; packed: PackedFrames }
  | { id: number; type: 'pairs'; cancel: Int32Array }
  | { id: number; type: 'stats' }

/** The result of each request, by type. */
export interface SimilarIndexResults {
  reset: IndexStats
  load: IndexStats
  seal: IndexStats
  add: IndexStats
  remove: boolean
  query: AssetCandidate[]
  'query-frames': AssetCandidate[]
  pairs: AssetPair[]
  stats: IndexStats
}

/** What the worker answers to request `id`: progress of a long request, then its result or its error. */
export type SimilarIndexReply =
  | { id: number; progress: { done: number; total: number } }
  | { id: number; result: SimilarIndexResults[keyof SimilarIndexResults] }
  | { id: number; error: { name: string; message: string } }

/** Packs assets' frames for a message; the buffers of the result can be transferred. */
export function packFrames(assets: readonly AssetFrames[]): PackedFrames {
  const total = assets.reduce((sum, asset) => sum + asset.frames.length, 0)
  const packed: PackedFrames = {
    assetIds: assets.map((asset) => asset.assetId),
    counts: assets.map((asset) => asset.frames.length),
    hashes: new Uint8Array(total * HASH_BYTES),
    qualities: new Uint8Array(total),
    timestamps: new Float64Array(total),
  }
  let at = 0
  for (const { frames } of assets) {
    for (const frame of frames) {
      if (frame.hash.length !== HASH_BYTES) throw new RangeError(`A frame hash has ${frame.hash.length} bytes, not 32`)
      packed.hashes.set(frame.hash, at * HASH_BYTES)
      packed.qualities[at] = frame.quality
      packed.timestamps[at++] = frame.timestampSeconds
    }
  }
  return packed
}

/** The assets of a packed message; hashes are views into its buffer. */
export function unpackFrames(packed: PackedFrames): AssetFrames[] {
  let at = 0
  return packed.assetIds.map((assetId, asset) => {
    const frames = Array.from({ length: packed.counts[asset]! }, (_, frame) => ({
      hash: packed.hashes.subarray((at + frame) * HASH_BYTES, (at + frame + 1) * HASH_BYTES),
      quality: packed.qualities[at + frame]!,
      timestampSeconds: packed.timestamps[at + frame]!,
    }))
    at += frames.length
    return { assetId, frames }
  })
}

/** The buffers of a packed message, to transfer rather than copy. */
export function packedBuffers(packed: PackedFrames): ArrayBuffer[] {
  return [packed.hashes.buffer, packed.qualities.buffer, packed.timestamps.buffer] as ArrayBuffer[]
}
