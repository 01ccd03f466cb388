import type { HealthItem, JobOf } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { HealthTarget } from '../../db/repos/health'
import { UniqueViolation } from '../../db/sql/sql-engine'
import { collectFiles } from '../../ingest/collect-files'
import type { Library, Uses } from '../library-context'
import { requireKnown } from '../assets/tags'
import { listCursor, pagedCursor, presenceOf } from './health-files'
import { forEachConcurrently, healthHandler, startHealthJob, type HealthRun } from './health-run'
import { realPathOfLinked, statLinked } from '../../storage/linked-files'

// Linked files are stat'ed this many at a time: cheap calls, but a slow network share answers each late.
const STAT_CONCURRENCY = 16

/**
 * Starts a relink: `folder` (path-gated like imports, searched recursively) is searched for the
 * files of linked assets whose file is missing (`ids`, or every linked asset), by size, then
 * sampled id, then SHA-256. Refused before a job exists when the folder is outside the gate,
 * missing or not a folder, or an id is unknown.
 */
export async function startRelink(
  lib: Pick<Library, 'jobs' | 'pathGate' | 'catalog'>,
  folder: string,
  ids?: readonly string[],
): Promise<{ job: JobOf<'relink'> }> {
  lib.pathGate.check([folder])
  const info = await statLinked(folder).catch(() => undefined)
  if (!info) throw new AppError('not_found', `No folder at ${folder}.`)
  if (!info.isDirectory()) throw new AppError('validation', `${folder} is not a folder.`)
  if (ids) await requireKnown(lib.catalog.repos, ids)
  return { job: await startHealthJob(lib, 'relink', { folder, ids: ids && [...ids] }) }
}

/** What a relink reads of the library: its rows, folder, store and hashers, and which folders it may search. */
type RelinkLibrary = Pick<Library, 'catalog' | 'dir' | 'ingest' | 'pathGate' | 'store'>

/** The relink job's handler: the linked assets it looks for are read where it runs (one deleted meanwhile is left out). */
export const relinkHandler = healthHandler('relink', async (lib: RelinkLibrary, run, { folder, ids }) => {
  if (folder === null) throw new AppError('validation', 'A relink needs the folder to search.')
  return relink(lib, run, folder, ids && (await lib.catalog.repos.health.byIds(ids)))
})

async function relink(
  lib: RelinkLibrary,
  run: HealthRun,
  folder: string,
  chosen: HealthTarget[] | undefined,
): Promise<void> {
  const missing = await missingLinked(lib, run, chosen)
  if (run.signal.aborted) return
  run.started(-1, folder)
  const bySize = new Map<number, string[]>()
  for (const file of await collectFiles([folder], run.signal, lib.pathGate.permits)) {
    if (file.error !== null || file.size === null) continue
    const sameSize = bySize.get(file.size)
    if (sameSize) sameSize.push(file.path)
    else bySize.set(file.size, [file.path])
  }
  run.setTotals(
    missing.length,
    missing.reduce((sum, target) => sum + (target.sizeBytes ?? 0), 0),
  )
  const hasher = await lib.ingest.hasher()
  const claimed = new Set<string>()
  const sampledIds = new Map<string, string | null>()
  const sampledIdOf = (file: string) => {
    if (!sampledIds.has(file)) {
      try {
        sampledIds.set(file, hasher.ofFile(file).id)
      } catch {
        sampledIds.set(file, null)
      }
    }
    return sampledIds.get(file)
  }
  let seq = 0
  const find = async (target: HealthTarget) => {
    const current = seq++
    run.started(current, target.name)
    const item = (outcome: HealthItem['outcome'], reason: string | null, newPath: string | null = null) => ({
      id: target.id,
      name: target.name,
      path: target.filePath,
      outcome,
      reason,
      newPath,
    })
    // Without a recorded SHA-256 no candidate could be confirmed, so none is read.
    const candidates =
      target.fileHash === null
        ? []
        : (bySize.get(target.sizeBytes ?? -1) ?? []).filter(
            (file) => !claimed.has(file) && (target.sampledId === null || sampledIdOf(file) === target.sampledId),
          )
    let result = item('missing', notFoundReason(target, candidates.length, folder))
    for (const file of candidates) {
      claimed.add(file)
      const digest = await lib.ingest
        .sha256(file, run.signal, (bytes) => run.bytes(current, bytes))
        .catch(() => undefined)
      if (run.signal.aborted) return
      if (digest !== target.fileHash) {
        claimed.delete(file)
        continue
      }
      const real = await realPathOfLinked(file).catch(() => file)
      result = (await repoint(lib, target, real)) ? item('relinked', null, real) : item('failed', inUse(real))
      break
    }
    if (result.outcome === 'missing') await lib.catalog.repos.health.flag(target.id, 'missing', now())
    run.record(result)
    run.finished(current, target.sizeBytes)
  }
  await forEachConcurrently(listCursor(missing), lib.ingest.concurrency, run.signal, find)
}

/**
 * The linked assets among `chosen` (or all) whose file is not where it was recorded; the
 * others are recorded as `present` (when chosen) or `copied` (a copied asset cannot be relinked).
 */
async function missingLinked(
  lib: Pick<Library, 'catalog' | 'dir' | 'store'>,
  run: HealthRun,
  chosen: HealthTarget[] | undefined,
): Promise<HealthTarget[]> {
  const { health } = lib.catalog.repos
  const missing: HealthTarget[] = []
  const look = async (target: HealthTarget) => {
    // Presence alone: a bucket's objects are asked about, not downloaded.
    const found = await presenceOf(lib, target)
    if (found !== 'missing') {
      if (chosen) run.record(present(target, found instanceof Error ? found.message : null))
      return
    }
    await health.flag(target.id, 'missing', now())
    if (target.storage === 'link') missing.push(target)
    else run.record(copied(target))
  }
  const next = chosen
    ? listCursor(chosen)
    : pagedCursor(
        (after, limit) => health.page(after, limit, true),
        async () => listCursor(await health.flaggedCopies()),
      )
  await forEachConcurrently(next, STAT_CONCURRENCY, run.signal, look)
  return missing.sort((a, b) => (a.id < b.id ? -1 : 1))
}

function present(target: HealthTarget, error: string | null): HealthItem {
  const reason = error ?? 'Its file is where it was recorded; nothing to relink.'
  return { id: target.id, name: target.name, path: target.filePath, outcome: 'present', reason, newPath: null }
}

function copied(target: HealthTarget): HealthItem {
  const reason =
    'A copied asset: its file in the library is missing, and a folder search cannot restore it (import the file again, or restore the library folder from a backup).'
  return { id: target.id, name: target.name, path: target.filePath, outcome: 'copied', reason, newPath: null }
}

function notFoundReason(target: HealthTarget, sameContent: number, folder: string): string {
  if (target.fileHash === null) return 'No SHA-256 was recorded for this asset to confirm a match with.'
  return sameContent === 0
    ? `No file in ${folder} has its size and sampled id.`
    : `Files in ${folder} have its sampled id, but none its SHA-256.`
}

function inUse(file: string): string {
  return `${file} has its content but another asset already points at it.`
}

/** Points the asset at its file's new place; false when another asset already has that path. */
async function repoint(lib: Uses<'health'>, target: HealthTarget, file: string): Promise<boolean> {
  try {
    return await lib.catalog.repos.health.relink(target.id, file, now())
  } catch (error) {
    if (error instanceof UniqueViolation) return false
    throw error
  }
}

function now(): string {
  return new Date().toISOString()
}
