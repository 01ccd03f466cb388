import { configHash } from '../../hashing/canonical-json'
import { SAMPLE_SIDE, SHORT_CLIP_SECONDS } from '../../similar/frame-hashes'

/**
 * How frames are hashed for near-duplicates. Stored hashes are keyed by its hash (as analyses are by
 * theirs): a change here (another sampling rate or picture size) hashes the library again, and hashes
 * made the old way are not compared with new ones.
 */
export const HASH_CONFIG = {
  algorithm: 'pdq',
  framesPerSecond: 1,
  everyFrameUnderSeconds: SHORT_CLIP_SECONDS,
  sampleSide: SAMPLE_SIDE,
  blackBarsRemoved: true,
} as const

/** HASH_CONFIG's hash, the frame_hashes key beside the file's content hash. */
export const HASH_CONFIG_HASH = configHash(HASH_CONFIG)
