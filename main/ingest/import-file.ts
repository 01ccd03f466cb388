import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { MediaType, NewSubtitleTrack } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { NewAsset } from '../db/repos/media'
import { mediaKey, stagingDir } from '../library/library-paths'
import { recordedFile } from '../library/asset-file'
import type { GenerationFacts } from '../generation/generation-facts'
import type { SidecarFinder } from '../generation/sidecars'
import { mediaTypeOf, unsupportedTypeReason } from '../media/media-types'
import { isSubtitleFile, type SubtitleFinder } from '../media/subtitle-sidecars'
import { readError } from './collect-files'
import { collisionId, type DedupeVerdict } from './dedupe'
import type { IngestContext } from './ingest-context'
import { removeQuietly, stageCopy } from '../library/atomic-write'
import { clearPlacement, notePlacement } from './placement-journal'
import { probeFile, Rejected, type ProbedMetadata } from './probe-file'

/** One file to import. Uploads arrive as a temp file in the library that is moved, not copied. */
export interface ImportSource {
  path: string
  name: string
  originalPath: string | null
  /** When and on which machine a file a push brings was first imported (its original path is there); the machine is
   * kept in the import job's stored uploads (provenance reads it from there). */
  origin?: { importedAt: string; machine: string | null }
  sha256?: string
  uploaded?: boolean
  /** Where a video's sidecars are (an upload's: among the other files of its drop); default: beside `path`. */
  sidecars?: SidecarFinder
  /** Where a video's subtitle files are (an upload's: among the other files of its drop); default: beside `path`. */
  subtitles?: SubtitleFinder
}

/** How one file of a job ended; `asset` is written in the same transaction as the outcome. */
export type FileResult =
  | { outcome: 'imported'; asset: NewAsset; generation?: GenerationFacts; subtitles?: NewSubtitleTrack[] }
  | { outcome: 'duplicate'; assetId: string; generation?: GenerationFacts }
  | { outcome: 'failed'; reason: string }

/** What the job knows about the import this file belongs to. */
export interface ImportSettings {
  link: boolean
  importedBy: string
  /** What the new assets are: 'uploaded' (files people bring), 'processed' (a processor's), 'generated' (a ComfyUI run's). */
  sourceType: 'uploaded' | 'processed' | 'generated'
  signal: AbortSignal
  onBytes(bytes: number): void
  /** Resolves once an earlier file of the job with this sampled id has its outcome (see import-order.ts). */
  turn(sampledId: string): Promise<void>
  /**
   * Writes the outcome in one transaction; runs before the file's dedupe claim is released, so
   * no twin in this process slips past. An imported asset whose id or path another process
   * took meanwhile is written as a duplicate of the asset holding the same content; when no
   * asset holds it (other content took the id), nothing is written and 'taken' comes back.
   */
  record(result: FileResult): Promise<FileResult | 'taken'>
  /**
   * Whether a duplicate of this asset is read for how it was made all the same (what the library lacks of it); asked
   * outside the outcome's transaction.
   */
  rereadGeneration?(assetId: string): Promise<boolean>
}

/** An error of `record` (the database), which must not become a per-file outcome. */
class NotRecorded extends Error {}

/** What a file holds across the steps, for the cleanup at the end. */
interface FileWork {
  verdict?: DedupeVerdict
  /** The copy in the library's temp folder; removed at the end (the final name is a second link). */
  staged?: Promise<string>
}

/** Where a new asset's file is: its path, and its key in the library's object store (null for a linked file). */
interface AssetPlace {
  filePath: string
  key: string | null
}

/** A file under its final name (or, linked, where it is); `created` when this very import put it there. */
interface Placed extends AssetPlace {
  created: boolean
  /** The placement's note (placement-journal.ts), for a file placed under a final name in the library. */
  note: string | null
}

/** What is known about a new file once it is hashed and probed. */
interface NewFileFacts {
  mediaType: MediaType
  size: number
  sampledId: string
  sha256: string
  metadata: ProbedMetadata
  generation: GenerationFacts
  subtitles: NewSubtitleTrack[]
}

// A video already in the library is not read again when imported anew (a duplicate): its page reads new sidecars.
const LONE_SUBTITLES =
  'A subtitle file is read with its video, not on its own: import it with the video it belongs to, named like it ' +
  '(clip.srt or clip.en.srt beside clip.mp4); a video in the library already reads it from its page (Subtitles: ' +
  'Look for subtitles, or Read again).'

// Each retry follows a different asset's claim on an id; more than a few means something else is wrong.
const MAX_ID_ATTEMPTS = 8

/**
 * Identifies, dedupes, probes and stores one file, and writes its outcome through `record`.
 * A file placed under its final name is complete (staged, flushed, linked) before the row is
 * recorded, so a crash never leaves a row pointing at a partial file.
 */
export async function importFile(
  ctx: IngestContext,
  source: ImportSource,
  settings: ImportSettings,
): Promise<FileResult> {
  const work: FileWork = {}
  const record = async (result: FileResult) => {
    try {
      return await settings.record(result)
    } catch (error) {
      throw new NotRecorded('The outcome could not be written', { cause: error })
    }
  }
  try {
    return await identifyAndStore(ctx, source, settings, work, record)
  } catch (error) {
    if (error instanceof NotRecorded) throw error.cause
    const reason = failureReason(error, settings.signal)
    if (reason === undefined) throw error
    return (await record({ outcome: 'failed', reason })) as FileResult
  } finally {
    if (work.verdict?.kind === 'new') work.verdict.release()
    if (work.staged) await work.staged.then(removeQuietly, () => undefined)
  }
}

async function identifyAndStore(
  ctx: IngestContext,
  source: ImportSource,
  settings: ImportSettings,
  work: FileWork,
  record: (result: FileResult) => Promise<FileResult | 'taken'>,
): Promise<FileResult> {
  const { mediaType, size, mtimeNs } = await inspect(source)
  const sampledId = await readSampledId(ctx, source.path)
  await settings.turn(sampledId)
  // A sampled id the library has never seen means new content (barring a twin in this very
  // import), so copying and probing run alongside hashing instead of after it. An upload was hashed as it
  // arrived: with nothing to overlap, it is probed once known to be new.
  const likelyNew = source.sha256 === undefined && !(await ctx.dedupe.isKnown(sampledId))
  const copies = !source.uploaded && !settings.link
  if (likelyNew && copies) work.staged = handled(stageCopy(source.path, stagingDir(ctx.libraryDir)))
  const probing = likelyNew ? handled(probeFile(ctx, source, mediaType, settings.signal)) : undefined
  const sha256 = source.sha256 ?? (await ctx.contentHash(source.path, { size, mtimeNs }, settings))
  settings.signal.throwIfAborted()
  const verdict = (work.verdict = await ctx.dedupe.decide(sampledId, sha256))
  if (verdict.kind === 'duplicate') {
    const assetId = verdict.asset.id
    // A file imported again fills in what an older library did not keep of it (its exact workflow definition).
    const generation = (await settings.rereadGeneration?.(assetId))
      ? (await probeFile(ctx, source, mediaType, settings.signal, false).catch(() => null))?.generation
      : undefined
    return (await record({ outcome: 'duplicate', assetId, ...(generation && { generation }) })) as FileResult
  }

  const probed = await (probing ?? probeFile(ctx, source, mediaType, settings.signal))
  const facts = { size, sampledId, sha256, ...probed }
  return storeNew(ctx, source, settings, work, record, verdict.id, facts)
}

/**
 * Places a new file and writes its row; between processes the database is the arbiter.
 *
 * Another process may import the same content at the same moment (its dedupe claims are its
 * own). The final name never replaces a file (the store's `putFile`): a file there with other
 * content means this content needs another id. The INSERT that loses the race becomes a
 * duplicate of the winner when the winner holds the same content; when other content took the
 * id, this file tries again under `collisionId`. A file this import put under a final name is
 * deleted again only when no row names it, and since a final name embeds the id that another
 * row now holds, no row can name it later either.
 */
async function storeNew(
  ctx: IngestContext,
  source: ImportSource,
  settings: ImportSettings,
  work: FileWork,
  record: (result: FileResult) => Promise<FileResult | 'taken'>,
  firstId: string,
  facts: NewFileFacts,
): Promise<FileResult> {
  let id = firstId
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
    const assetAt = (at: AssetPlace) => newAsset(source, settings, facts, id, at)
    const placed = await place(ctx, source, facts, id, settings, work, assetAt)
    if (placed === 'occupied') {
      id = collisionId(id, facts.sha256)
      continue
    }
    // A write that throws keeps the note: the file is there without its row, as after a kill.
    const recorded = await record({
      outcome: 'imported',
      asset: assetAt(placed),
      generation: facts.generation,
      subtitles: facts.subtitles,
    })
    if (recorded === 'taken' || recorded.outcome !== 'imported') {
      if (placed.created && placed.key && !(await ctx.dedupe.pathInUse(placed.filePath)))
        await ctx.store.delete(placed.key)
    }
    if (placed.note) await clearPlacement(placed.note)
    if (recorded !== 'taken') return recorded
    if (settings.link && (await ctx.dedupe.pathInUse(placed.filePath))) {
      throw new Rejected('Another import recorded this path with different content at the same moment.')
    }
    id = collisionId(id, facts.sha256)
  }
  throw new Rejected(`Found no free id for this content after ${MAX_ID_ATTEMPTS} tries.`)
}

function newAsset(
  source: ImportSource,
  settings: ImportSettings,
  facts: NewFileFacts,
  id: string,
  at: AssetPlace,
): NewAsset {
  const { metadata, generation } = facts
  const importedAt = new Date().toISOString()
  return {
    id,
    name: source.name,
    filePath: at.filePath,
    objectKey: at.key,
    fileHash: facts.sha256,
    sizeBytes: facts.size,
    durationSeconds: metadata.durationSeconds,
    resolution: metadata.resolution,
    aspectRatio: metadata.aspectRatio,
    // An audio asset's codec is its sound's: the codec facet then offers MP3, FLAC, … for it.
    codec: facts.mediaType === 'audio' ? metadata.audioCodec : metadata.videoCodec,
    fps: metadata.fps,
    sourceType: settings.sourceType,
    createdAt: importedAt,
    // A generation tag that could not be read is noted with the asset; the file imports all the same.
    metadata:
      generation.problems.length > 0 ? { ...metadata, generationProblems: generation.problems } : { ...metadata },
    // A damaged file is still imported (it may be the only copy), but says so wherever the asset is shown.
    error: metadata.damaged ? `Damaged: ${metadata.damaged.reason}` : null,
    mediaType: facts.mediaType,
    importedBy: settings.importedBy,
    originalPath: source.originalPath,
    importedAt: source.origin?.importedAt ?? importedAt,
    sampledId: facts.sampledId,
    storage: settings.link && !source.uploaded ? 'link' : 'copy',
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
  // A media folder that is a symlink leading out of the library (realPathInside refused it).
  if (error instanceof AppError) return error.code === 'forbidden' ? `Not stored: ${error.message}` : undefined
  if ((error as NodeJS.ErrnoException).code) return readError(error)
  return undefined
}

async function inspect(source: ImportSource): Promise<{ mediaType: MediaType; size: number; mtimeNs: bigint }> {
  const mediaType = mediaTypeOf(source.name)
  if (!mediaType && isSubtitleFile(source.name)) throw new Rejected(LONE_SUBTITLES)
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

/** The metadata an import stores: what ffprobe and the file's bytes say, and which ffprobe read them. */
async function place(
  ctx: IngestContext,
  source: ImportSource,
  facts: { mediaType: MediaType; size: number; sha256: string },
  id: string,
  settings: ImportSettings,
  work: FileWork,
  assetAt: (at: AssetPlace) => NewAsset,
): Promise<Placed | 'occupied'> {
  if (settings.link && !source.uploaded) {
    return { filePath: await realpath(source.path), key: null, created: false, note: null }
  }
  const key = mediaKey(facts.mediaType, id, path.extname(source.name))
  const finalPath = recordedFile({ dir: ctx.libraryDir, rowNames: ctx.rowNames }, key)
  if (!source.uploaded) work.staged ??= handled(stageCopy(source.path, stagingDir(ctx.libraryDir)))
  const temp = source.uploaded ? source.path : await work.staged!
  settings.signal.throwIfAborted()
  // A kill between the link below and the row's write leaves this note: the next open finishes the asset.
  const note = await notePlacement(stagingDir(ctx.libraryDir), assetAt({ filePath: finalPath, key }))
  // Kept: the temp goes once the row is written, so a retry under another id can place it again.
  const committed = await ctx.store.putFile(key, temp, { keep: true }).catch(async (error: unknown) => {
    await clearPlacement(note)
    throw error
  })
  // The key was taken: by the same content (it may be shared) or by a sampled-id collision (another id is needed).
  if (committed === 'existed' && !(await holdsContent(ctx, key, facts, settings.signal))) {
    await clearPlacement(note)
    return 'occupied'
  }
  return { filePath: finalPath, key, created: committed === 'created', note }
}

/** True when the object under `key` has exactly this size and SHA-256. */
async function holdsContent(
  ctx: IngestContext,
  key: string,
  { size, sha256 }: { size: number; sha256: string },
  signal: AbortSignal,
): Promise<boolean> {
  const info = await ctx.store.stat(key)
  return info?.size === size && (await ctx.sha256(await ctx.store.localFile(key), signal)) === sha256
}
