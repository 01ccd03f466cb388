import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { MediaType } from '../../shared/contract'
import type { NewAsset } from '../db/repos/media'
import { mediaFilePath, stagingDir } from '../library/library-paths'
import { toMediaMetadata, type MediaMetadata } from '../media/media-metadata'
import { mediaTypeOf, unsupportedTypeReason } from '../media/media-types'
import { probeMedia, ProbeError } from '../media/probe'
import { readError } from './collect-files'
import type { DedupeVerdict } from './dedupe'
import type { IngestContext } from './ingest-context'
import { commitFile, removeQuietly, stageCopy } from './staging'

/** One file to import. Uploads arrive as a temp file in the library that is moved, not copied. */
export interface ImportSource {
  path: string
  name: string
  originalPath: string | null
  sha256?: string
  uploaded?: boolean
}

/** How one file of a job ended; `asset` is written in the same transaction as the outcome. */
export type FileResult =
  | { outcome: 'imported'; asset: NewAsset }
  | { outcome: 'duplicate'; assetId: string }
  | { outcome: 'failed'; reason: string }

/** What the job knows about the import this file belongs to. */
export interface ImportSettings {
  link: boolean
  importedBy: string
  signal: AbortSignal
  onBytes(bytes: number): void
  /** Writes the outcome; runs before the file's dedupe claim is released, so no twin slips past. */
  record(result: FileResult): void
}

class Rejected extends Error {}

/**
 * Identifies, dedupes, probes and stores one file, then hands the outcome to `record`. A file
 * placed under its final name is complete (staged, flushed, renamed) before the row is
 * recorded, so a crash never leaves a row pointing at a partial file.
 */
export async function importFile(
  ctx: IngestContext,
  source: ImportSource,
  settings: ImportSettings,
): Promise<FileResult> {
  const { result, release } = await identifyAndStore(ctx, source, settings)
  try {
    settings.record(result)
    return result
  } finally {
    release()
  }
}

/** The outcome and the release of the file's dedupe claim (a no-op when it holds none). */
async function identifyAndStore(
  ctx: IngestContext,
  source: ImportSource,
  settings: ImportSettings,
): Promise<{ result: FileResult; release(): void }> {
  let verdict: DedupeVerdict | undefined
  let staged: Promise<string> | undefined
  let placed = false
  const release = () => {
    if (verdict?.kind === 'new') verdict.release()
  }
  try {
    const { mediaType, size, mtimeNs } = await inspect(source)
    const sampledId = await readSampledId(ctx, source.path)
    // A sampled id the library has never seen means new content (barring a twin in this very
    // import), so copying and probing run alongside hashing instead of after it.
    const likelyNew = !ctx.dedupe.isKnown(sampledId)
    const copies = !source.uploaded && !settings.link
    if (likelyNew && copies) staged = handled(stageCopy(source.path, stagingDir(ctx.libraryDir)))
    const probing = likelyNew ? handled(probe(ctx, source.path, mediaType, settings.signal)) : undefined
    const sha256 = source.sha256 ?? (await ctx.contentHash(source.path, { size, mtimeNs }, settings))
    settings.signal.throwIfAborted()
    verdict = await ctx.dedupe.decide(sampledId, sha256)
    if (verdict.kind === 'duplicate') return { result: { outcome: 'duplicate', assetId: verdict.asset.id }, release }

    const metadata = await (probing ?? probe(ctx, source.path, mediaType, settings.signal))
    const filePath = await place(ctx, source, mediaType, verdict.id, settings, staged)
    placed = true
    const importedAt = new Date().toISOString()
    const asset: NewAsset = {
      id: verdict.id,
      name: source.name,
      filePath,
      fileHash: sha256,
      sizeBytes: size,
      durationSeconds: metadata.durationSeconds,
      resolution: metadata.resolution,
      aspectRatio: metadata.aspectRatio,
      codec: metadata.videoCodec,
      fps: metadata.fps,
      sourceType: 'uploaded',
      createdAt: importedAt,
      metadata: { ...metadata },
      mediaType,
      importedBy: settings.importedBy,
      originalPath: source.originalPath,
      importedAt,
      sampledId,
      storage: settings.link && !source.uploaded ? 'link' : 'copy',
    }
    return { result: { outcome: 'imported', asset }, release }
  } catch (error) {
    const reason = failureReason(error, settings.signal)
    if (reason === undefined) {
      release()
      throw error
    }
    return { result: { outcome: 'failed', reason }, release }
  } finally {
    if (staged && !placed) await staged.then(removeQuietly, () => undefined)
  }
}

/** Marks a promise that is awaited later (or never, on an early exit) as handled, so its rejection is not reported twice. */
function handled<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined)
  return work
}

/** The per-file reason for an expected failure; undefined for aborts and bugs, which propagate. */
function failureReason(error: unknown, signal: AbortSignal): string | undefined {
  if (signal.aborted) return undefined
  if (error instanceof Rejected) return error.message
  if ((error as NodeJS.ErrnoException).code) return readError(error)
  return undefined
}

async function inspect(source: ImportSource): Promise<{ mediaType: MediaType; size: number; mtimeNs: bigint }> {
  const mediaType = mediaTypeOf(source.name)
  if (!mediaType) throw new Rejected(unsupportedTypeReason(source.name))
  const info = await stat(source.path, { bigint: true }).catch((error: unknown) => {
    throw new Rejected(readError(error))
  })
  if (!info.isFile()) throw new Rejected('Not a regular file.')
  if (info.size === 0n) throw new Rejected('The file is empty (0 bytes).')
  return { mediaType, size: Number(info.size), mtimeNs: info.mtimeNs }
}

async function readSampledId(ctx: IngestContext, file: string): Promise<string> {
  const hasher = await ctx.hasher()
  try {
    return hasher.ofFile(file).id
  } catch (error) {
    throw new Rejected(readError(error))
  }
}

async function probe(
  ctx: IngestContext,
  file: string,
  mediaType: MediaType,
  signal: AbortSignal,
): Promise<MediaMetadata> {
  try {
    const output = await ctx.probeLimit(() => probeMedia(ctx.tools.ffprobe, file, signal, ctx.runTool))
    return toMediaMetadata(output, mediaType)
  } catch (error) {
    if (signal.aborted) throw error
    if (error instanceof ProbeError) throw new Rejected(`Not a readable ${mediaType}: ${error.message}`)
    // ffprobe itself is missing or broken: that fails the whole job, not this one file.
    throw new Error(`Cannot run ffprobe (${ctx.tools.ffprobe}): ${(error as Error).message}`)
  }
}

async function place(
  ctx: IngestContext,
  source: ImportSource,
  mediaType: MediaType,
  id: string,
  settings: ImportSettings,
  staged: Promise<string> | undefined,
): Promise<string> {
  if (settings.link && !source.uploaded) return realpath(source.path)
  const finalPath = mediaFilePath(ctx.libraryDir, mediaType, id, path.extname(source.name))
  const temp = source.uploaded ? source.path : await (staged ?? stageCopy(source.path, stagingDir(ctx.libraryDir)))
  try {
    settings.signal.throwIfAborted()
    await commitFile(temp, finalPath)
  } catch (error) {
    if (!source.uploaded) await removeQuietly(temp)
    throw error
  }
  return finalPath
}
