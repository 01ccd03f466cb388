import path from 'node:path'
import type { ImportCounts, ImportJob, JobState } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { collectFiles, type FoundFile } from '../ingest/collect-files'
import { vhsSidecarNames } from '../generation/sidecars'
import { mediaTypeOf } from '../media/media-types'
import { candidateStems } from '../media/subtitle-sidecars'
import { followImports } from './import-follower'
import type { ImportLine } from './import-command'
import type { RemoteBackend, Upload } from './remote-backend'

// Files sent at once: a host far away is waited on for each request, and one core hashes while another receives.
const UPLOADS_AT_ONCE = 4
// Imports of this command at the host at once: one running, the next queued with what arrived meanwhile.
const IMPORTS_AT_ONCE = 2
// A batch goes to the host once it has this many files or bytes, or its first file has waited this long (a slow
// link's files are not held back), or nothing is left to send.
const BATCH_FILES = 25
const BATCH_BYTES = 256 * 1024 * 1024
const BATCH_WAIT_MS = 1000

/** How a command's imports through a host ended, all batches together. */
export interface HubImportEnd {
  /** failed when one import failed or could not start, else cancelled when one was, else done; null: none started. */
  state: JobState | null
  counts: ImportCounts
  /** Files the host refused to take (each printed failed with its reason). */
  refused: number
  error: string | null
}

/**
 * `import <paths...>` through a host (`--hub`): the files and folders' files are uploaded a few at a time (progress on
 * `report`) and imported in batches as they arrive, one upload import per batch, pipelined: the host imports one batch
 * while the next is sent. A video and the files named after it (subtitles, sidecars) go in one batch, so they pair as
 * in a drop. Each file's outcome is printed as it ends; a file the host refused to take is printed failed with its
 * reason. Ctrl-C stops sending and cancels the imports.
 */
export async function runHubImport(
  backend: RemoteBackend,
  paths: string[],
  print: (line: ImportLine) => void,
  report: (line: string) => void,
): Promise<HubImportEnd> {
  const files = (await collectFiles(paths.map((target) => path.resolve(target)))).filter((file) => file.error === null)
  if (files.length === 0) throw new AppError('not_found', `No files to import in ${paths.join(', ')}.`)
  const localPath = localPaths(files.map((file) => file.path))
  const imports = await followImports(backend, (item) => print({ ...item, path: localPath(item.path) }), report)
  const stop = new AbortController()
  const interrupt = () => {
    stop.abort()
    imports.cancelAll()
  }
  process.once('SIGINT', interrupt)
  try {
    const end = await sendInBatches(backend, files, { run: imports.run, print, report, signal: stop.signal })
    if (end.state !== null) {
      const { imported, duplicate, failed } = end.counts
      const why = end.error ? ` ${end.error}` : ''
      report(
        `Import ${end.state}: ${imported} imported, ${duplicate} duplicate(s), ${failed + end.refused} failed.${why}`,
      )
    }
    return end
  } finally {
    process.off('SIGINT', interrupt)
    imports.close()
  }
}

/** Uploads `files` a few at a time and imports them in batches through `run`; resolves once every batch has ended. */
function sendInBatches(
  backend: RemoteBackend,
  files: FoundFile[],
  options: {
    run: (uploads: Upload[]) => Promise<ImportJob>
    print: (line: ImportLine) => void
    report: (line: string) => void
    signal: AbortSignal
  },
): Promise<HubImportEnd> {
  const { run, print, report, signal } = options
  const units = withSidecars(files)
  const ended: ImportJob[] = []
  const unstarted: Array<{ error: string; files: number }> = []
  let refused = 0
  let sent = 0
  let running = 0
  let uploading = 0
  let nextUnit = 0
  // What waits to be sent; `due` once its first file has waited BATCH_WAIT_MS.
  const empty = () => ({ uploads: [] as Upload[], bytes: 0, timer: null as NodeJS.Timeout | null, due: false })
  let batch = empty()
  let finish: () => void = () => {}
  const finished = new Promise<void>((resolve) => (finish = resolve))

  const ready = () => batch.uploads.length >= BATCH_FILES || batch.bytes >= BATCH_BYTES || batch.due || uploading === 0
  /** Sends what waits as a batch when the host may take one; resolves `finished` once nothing is left to do. */
  const kick = () => {
    if (!signal.aborted && batch.uploads.length > 0 && running < IMPORTS_AT_ONCE && ready()) {
      const { uploads, timer } = batch
      if (timer) clearTimeout(timer)
      batch = empty()
      running += 1
      run(uploads)
        .then(
          (job) => ended.push(job),
          (error: Error) => {
            unstarted.push({ error: error.message, files: uploads.length })
            for (const upload of uploads)
              print({ path: upload.name, outcome: 'failed', asset: null, reason: error.message })
          },
        )
        .finally(() => {
          running -= 1
          kick()
        })
    }
    const sendable = batch.uploads.length > 0 && !signal.aborted
    if (uploading === 0 && running === 0 && !sendable) finish()
  }
  const upload = async (file: FoundFile) => {
    sent += 1
    report(`Uploading ${sent}/${files.length}: ${file.name}`)
    try {
      return await backend.upload(file.path, file.name, undefined, signal)
    } catch (error) {
      if (!signal.aborted) {
        refused += 1
        print({ path: file.path, outcome: 'failed', asset: null, reason: (error as Error).message })
      }
      return null
    }
  }
  const uploadUnits = async () => {
    while (nextUnit < units.length && !signal.aborted) {
      const unit = units[nextUnit++]!
      const uploads: Array<[FoundFile, Upload]> = []
      for (const file of unit) {
        const taken = await upload(file)
        if (taken) uploads.push([file, taken])
      }
      if (uploads.length === 0) continue
      if (batch.uploads.length === 0) {
        const waiting = batch
        waiting.timer = setTimeout(() => {
          waiting.due = true
          kick()
        }, BATCH_WAIT_MS)
      }
      batch.uploads.push(...uploads.map(([, taken]) => taken))
      batch.bytes += uploads.reduce((sum, [file]) => sum + (file.size ?? 0), 0)
      kick()
    }
  }
  uploading = Math.min(UPLOADS_AT_ONCE, units.length)
  for (let loop = 0; loop < uploading; loop++) {
    void uploadUnits().finally(() => {
      uploading -= 1
      kick()
    })
  }
  return finished.then(() => {
    if (batch.timer) clearTimeout(batch.timer)
    return endOf(ended, unstarted, refused, signal.aborted)
  })
}

/** The batches' ends as one. */
function endOf(
  ended: ImportJob[],
  unstarted: Array<{ error: string; files: number }>,
  refused: number,
  interrupted: boolean,
): HubImportEnd {
  const counts = { imported: 0, duplicate: 0, failed: unstarted.reduce((sum, { files }) => sum + files, 0) }
  for (const job of ended) {
    counts.imported += job.counts.imported
    counts.duplicate += job.counts.duplicate
    counts.failed += job.counts.failed
  }
  const states = new Set(ended.map((job) => job.state))
  const state: JobState | null =
    ended.length + unstarted.length === 0
      ? null
      : states.has('failed') || unstarted.length > 0
        ? 'failed'
        : interrupted || states.has('cancelled')
          ? 'cancelled'
          : 'done'
  const error =
    [...unstarted.map(({ error }) => error), ...ended.map((job) => job.error)].find((message) => message) ?? null
  return { state, counts, refused, error }
}

/**
 * The files in groups that go in one batch: a video with every file its stem starts (its subtitles, VideoHelperSuite's
 * PNG, of `clip-audio.mp4` also `clip.png`); every other file alone.
 */
export function withSidecars(files: FoundFile[]): FoundFile[][] {
  const groups: FoundFile[][] = []
  const byStem = new Map<string, FoundFile[]>()
  for (const file of files.filter(({ name }) => mediaTypeOf(name) === 'video')) {
    // The stems VideoHelperSuite's PNG may have beside it (of `clip-audio.mp4` also `clip`); subtitles share the first.
    const stems = vhsSidecarNames(file.name).map((name) => path.parse(name).name)
    const group = stems.map((each) => byStem.get(each)).find((found) => found) ?? groups[groups.push([]) - 1]!
    group.push(file)
    for (const each of stems) byStem.set(each, group)
  }
  for (const file of files.filter(({ name }) => mediaTypeOf(name) !== 'video')) {
    const stem = candidateStems(file.name).find((prefix) => byStem.has(prefix))
    if (stem === undefined) groups.push([file])
    else byStem.get(stem)!.push(file)
  }
  return groups
}

/** The local path of an upload's name, when one file of the import has that name; the name otherwise. */
function localPaths(files: string[]): (name: string) => string {
  const byName = new Map<string, string | null>()
  for (const file of files) {
    const name = path.basename(file)
    byName.set(name, byName.has(name) ? null : file)
  }
  return (name) => byName.get(name) ?? name
}
