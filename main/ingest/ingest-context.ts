import os from 'node:os'
import type { FileStamp, HashCacheRepo } from '../db/repos/hash-cache'
import type { MediaRepo } from '../db/repos/media'
import type { StartHelper } from '../media/helper-process'
import { ffprobeOnly } from '../media/in-process-probe'
import type { MediaTools } from '../media/media-tools'
import { loadSampledHasher, type SampledHasher } from '../media/sampled-id'
import { createSha256Pool } from '../media/sha256-pool'
import { createThumbnailQueue } from '../media/thumbnail-render'
import type { RunTool } from '../media/tool-io'
import type { Toolkit } from '../media/toolkit'
import type { ObjectStore } from '../storage/object-store'
import { realPathOf } from '../security/contained-path'
import { createLimiter, type Limiter } from '../../shared/limiter'
import { createDedupe, type Dedupe } from './dedupe'
import type { LibraryCore, RowNames } from '../library/core-context'

/** Tuning and tool paths of the ingest pipeline; defaults suit a desktop. */
export interface IngestOptions {
  tools?: MediaTools
  /** ffprobe processes and SHA-256 workers at once (default: CPU count). */
  concurrency?: number
  /** ffmpeg thumbnail processes at once (default: CPU count). */
  thumbnailConcurrency?: number
  /** Make thumbnails of new assets after an import (default true); false leaves them to be made on demand. */
  thumbnailsAfterImport?: boolean
  /** Read plain MP4/MOV files' container facts in process, ffprobe only for the rest (default true; FRAMEVAULT_PROBE=ffprobe turns it off). */
  inProcessProbe?: boolean
  /** How the ffmpeg/ffprobe helper process starts (default: child_process.fork; Electron: a utility process). */
  startHelper?: StartHelper
}

/** The shared machinery every import job uses: tools, hashers, limits and dedupe claims. */
export interface IngestContext {
  libraryDir: string
  /** How new copies' rows name their files: by path in libraryDir, or (a hub) by key. */
  rowNames: RowNames
  /** libraryDir with symlinks followed, resolved once at open: what files written into the library are checked against. */
  realDir: string
  /** The library's object store: copies are placed and thumbnails written through it. */
  store: ObjectStore
  /** The library's toolkit (`lib.tools`); `ffprobeFallback` is resolved on first read (null: no other ffprobe to retry a crash with). */
  tools: Toolkit
  thumbnailsAfterImport: boolean
  /** Whether files this reader is sure of are probed in process (media/in-process-probe.ts) rather than by ffprobe. */
  inProcessProbe: boolean
  /** Runs ffmpeg/ffprobe from a small helper process (see tool-runner.ts). */
  runTool: RunTool
  concurrency: number
  hasher(): Promise<SampledHasher>
  /** `sha256:<hex>` of a file, from the cache when path, size and mtime are unchanged. */
  contentHash(
    path: string,
    stamp: Omit<FileStamp, 'path'>,
    options: { signal: AbortSignal; onBytes(bytes: number): void },
  ): Promise<string>
  /** `sha256:<hex>` of a file, always read (library files, which the cache does not hold; verify); `onBytes` gets the running total. */
  sha256(path: string, signal: AbortSignal, onBytes?: (bytes: number) => void): Promise<string>
  dedupe: Dedupe
  probeLimit: Limiter
  /** Files of a job in flight at once: enough to keep every ffprobe slot busy while others hash or copy. */
  limitFiles: Limiter
  thumbnails: ReturnType<typeof createThumbnailQueue>
  close(): Promise<void>
}

/** Builds the ingest machinery of one library; workers and processes start on first use. */
export function createIngestContext(
  { dir: libraryDir, rowNames }: Pick<LibraryCore, 'dir' | 'rowNames'>,
  store: ObjectStore,
  hashCache: HashCacheRepo | null,
  media: MediaRepo,
  tools: Toolkit,
  options: IngestOptions = {},
): IngestContext {
  const concurrency = options.concurrency ?? os.availableParallelism()
  const pool = createSha256Pool({ size: concurrency })
  // Thumbnails wait while an import runs (see thumbnailer.ts), so they may use every CPU when they do run.
  const thumbnailConcurrency = options.thumbnailConcurrency ?? concurrency
  const hasherReady = loadSampledHasher()
  return {
    libraryDir,
    rowNames,
    realDir: realPathOf(libraryDir),
    store,
    tools,
    thumbnailsAfterImport: options.thumbnailsAfterImport ?? true,
    inProcessProbe: options.inProcessProbe ?? !ffprobeOnly(),
    runTool: tools.run,
    concurrency,
    hasher: () => hasherReady,
    async contentHash(path, { size, mtimeNs }, { signal, onBytes }) {
      const stamp = { path, size, mtimeNs }
      const cached = hashCache?.get(stamp)
      if (cached) return cached
      const { digest } = await pool.hashFile(path, { signal, onBytes })
      hashCache?.put(stamp, digest)
      return digest
    },
    sha256: async (path, signal, onBytes) => (await pool.hashFile(path, { signal, onBytes })).digest,
    dedupe: createDedupe(media),
    probeLimit: createLimiter(concurrency),
    limitFiles: createLimiter(concurrency * 2),
    thumbnails: createThumbnailQueue(tools.ffmpeg, thumbnailConcurrency, tools.run),
    async close() {
      await pool.close()
    },
  }
}
