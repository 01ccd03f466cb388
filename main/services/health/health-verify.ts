import type { HealthItem, JobOf } from '../../../shared/contract'
import type { HealthTarget } from '../../db/repos/health'
import { readError } from '../../ingest/collect-files'
import type { Library, Uses } from '../library-context'
import { isGone } from '../../storage/linked-files'
import { requireKnown } from '../assets/tags'
import { listCursor, lookAtAsset, pagedCursor } from './health-files'
import { forEachConcurrently, healthHandler, startHealthJob, type HealthRun } from './health-run'

/** Starts a verify of `ids` (every asset when absent); unknown ids are refused before a job exists. */
export async function startVerify(
  lib: Pick<Library, 'jobs' | 'catalog'>,
  ids?: readonly string[],
): Promise<{ job: JobOf<'verify'> }> {
  if (ids) await requireKnown(lib.catalog.repos, ids)
  return { job: await startHealthJob(lib, 'verify', { folder: null, ids: ids && [...ids] }) }
}

/** What a verify reads of the library: its rows, folder, store and hashers. */
type VerifyLibrary = Pick<Library, 'catalog' | 'dir' | 'ingest' | 'store'>

/** The verify job's handler: the assets it checks are read where it runs (one deleted meanwhile is left out). */
export const verifyHandler = healthHandler('verify', async (lib: VerifyLibrary, run, params) =>
  verify(lib, run, params.ids && (await lib.catalog.repos.health.byIds(params.ids))),
)

async function verify(lib: VerifyLibrary, run: HealthRun, chosen: HealthTarget[] | undefined): Promise<void> {
  const { health } = lib.catalog.repos
  const totals = chosen
    ? { files: chosen.length, bytes: chosen.reduce((sum, target) => sum + (target.sizeBytes ?? 0), 0) }
    : await health.totals()
  run.setTotals(totals.files, totals.bytes)
  let seq = 0
  const check = async (target: HealthTarget) => {
    const current = seq++
    run.started(current, target.name)
    const item = await checkOne(lib, run, target, (bytes) => run.bytes(current, bytes))
    // A check cut short by a cancel has no result: the asset keeps what it had.
    if (!item) return
    await store(lib, item)
    run.record(item)
    run.finished(current, target.sizeBytes)
  }
  const next = chosen ? listCursor(chosen) : pagedCursor((after, limit) => health.page(after, limit))
  await forEachConcurrently(next, lib.ingest.concurrency, run.signal, check)
}

/** Re-hashes one asset's file and says what it found; undefined when the job was cancelled meanwhile. */
async function checkOne(
  lib: Pick<Library, 'dir' | 'ingest' | 'store'>,
  run: HealthRun,
  target: HealthTarget,
  onBytes: (bytes: number) => void,
): Promise<HealthItem | undefined> {
  const result = (outcome: HealthItem['outcome'], reason: string | null = null): HealthItem => ({
    id: target.id,
    name: target.name,
    path: target.filePath,
    outcome,
    reason,
    newPath: null,
  })
  const { file, found } = await lookAtAsset(lib, target)
  if (found === 'missing') return result('missing', `No file at ${file}.`)
  if (found instanceof Error) return result('failed', readError(found))
  // A FIFO or device would block the hashing worker or read forever.
  if (!found.isFile()) return result('failed', `${file} is not a regular file.`)
  if (target.fileHash === null) return result('skipped', 'No SHA-256 was recorded for this asset to compare with.')
  if (target.sizeBytes !== null && found.size !== target.sizeBytes) {
    return result('changed', `The file has ${found.size} bytes; it had ${target.sizeBytes}.`)
  }
  try {
    const digest = await lib.ingest.sha256(file, run.signal, onBytes)
    return digest === target.fileHash
      ? result('ok')
      : result('changed', `Its content no longer matches its SHA-256 (now ${digest}).`)
  } catch (error) {
    if (run.signal.aborted) return undefined
    return isGone(error) ? result('missing', `No file at ${file}.`) : result('failed', readError(error))
  }
}

/** Stores what a check found on the asset. */
async function store(lib: Uses<'health'>, item: HealthItem): Promise<void> {
  const at = new Date().toISOString()
  const { health } = lib.catalog.repos
  if (item.outcome === 'ok') await health.markOk(item.id, at)
  else if (item.outcome === 'missing' || item.outcome === 'changed') await health.flag(item.id, item.outcome, at)
}
