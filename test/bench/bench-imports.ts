import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { ImportItem, ImportJob } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { IN_PROCESS } from '../../main/media/in-process-probe'
import { count, seconds } from './figures'

/** How a pipeline import went: seconds from start until the importer was idle and until thumbnails were done. */
export interface PipelineRun {
  idleSeconds: number
  thumbnailSeconds: number
  thumbnailFailures: number
  /** Files whose metadata was read in process (media/in-process-probe.ts) rather than by ffprobe. */
  readInProcess: number
}

const CHUNK = 4 * 1024 * 1024
// Temp folders in use: the benchmark's libraries hold gigabytes of copies, so even Ctrl+C must not leave them behind.
const tempFolders = new Set<string>()
const chunk = Buffer.allocUnsafe(CHUNK)

/** Deletes every temp folder still in use (on Ctrl+C). */
export function removeTempFolders(): void {
  for (const folder of tempFolders) rmSync(folder, { recursive: true, force: true })
}

/** The run of median importer time. */
export function medianRun(runs: PipelineRun[]): PipelineRun {
  return [...runs].sort((a, b) => a.idleSeconds - b.idleSeconds)[Math.floor(runs.length / 2)]!
}

/**
 * Imports `files` into a fresh library (default settings; copy mode unless `link`; `inProcessProbe` false sends
 * every file to ffprobe, as imports did before issue 22), which is deleted afterwards.
 */
export function pipelineImport(
  files: string[],
  dir: string,
  link = false,
  inProcessProbe = true,
): Promise<PipelineRun> {
  return withTempFolder(dir, async (folder) => {
    const lib = openLibrary(folder, { ingest: { inProcessProbe } })
    try {
      // The xxHash module loads when the library opens; waiting for it keeps its start-up out of the timing.
      await lib.ingest.hasher()
      let thumbnailFailures = 0
      lib.events.subscribe((event) => {
        if (event.name === 'media:thumbnails' && event.payload.error) thumbnailFailures++
      })
      const started = performance.now()
      const { id } = await lib.importer.start({ source: 'paths', paths: files, link, importedBy: 'bench' })
      await lib.importer.idle()
      const idleSeconds = (performance.now() - started) / 1000
      await lib.importer.thumbnailsIdle()
      const thumbnailSeconds = (performance.now() - started) / 1000
      requireAllImported(await lib.importer.get(id), await lib.catalog.repos.importItems.items(id), files.length)
      const readInProcess = lib.sqlite.db
        .prepare<[string], number>("SELECT count(*) FROM videos WHERE json_extract(metadata, '$.probedWith') = ?")
        .pluck()
        .get(IN_PROCESS)!
      return { idleSeconds, thumbnailSeconds, thumbnailFailures, readInProcess }
    } finally {
      await lib.close()
    }
  })
}

// A run that failed or deduplicated files measured less work than it claims: its figures would mislead.
function requireAllImported(job: ImportJob | undefined, items: ImportItem[], expected: number): void {
  if (job?.state === 'done' && job.counts.imported === expected) return
  const failure = items.find((item) => item.outcome !== 'imported')
  throw new Error(
    `The pipeline did not import all ${expected} files: ${JSON.stringify(job?.counts)}, state ${job?.state}` +
      (job?.error ? `, error: ${job.error}` : '') +
      (failure ? `; e.g. ${failure.name}: ${failure.outcome} ${failure.reason ?? ''}` : ''),
  )
}

/** Runs `use` with a fresh folder inside the bench folder and deletes the folder afterwards. */
export async function withTempFolder<T>(dir: string, use: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(path.join(dir, 'library-'))
  tempFolders.add(folder)
  try {
    return await use(folder)
  } finally {
    rmSync(folder, { recursive: true, force: true })
    tempFolders.delete(folder)
  }
}

/** Reads every file once so timed runs start from the page cache; returns the bytes read. */
export function warm(files: string[]): number {
  return files.reduce((total, file) => total + readWhole(file, () => {}), 0)
}

/** Reads `file` with sync 4 MiB reads into one reused buffer, handing each chunk to `use`; returns its size. */
export function readWhole(file: string, use: (data: Buffer) => void): number {
  const fd = openSync(file, 'r')
  let size = 0
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      use(chunk.subarray(0, read))
      size += read
    }
  } finally {
    closeSync(fd)
  }
  return size
}

/** A run's time until thumbnails were done, with how many failed (failures finish early: the time understates the work). */
export function thumbnailsDone(run: PipelineRun): string {
  const failed = run.thumbnailFailures ? `, ${count(run.thumbnailFailures)} failed` : ''
  return `${seconds(run.thumbnailSeconds)}${failed}`
}
