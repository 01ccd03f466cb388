import path from 'node:path'
import type { ChannelOutput, ImportJob } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { collectFiles } from '../ingest/collect-files'
import { jobEnd } from './job-end'
import type { ImportLine } from './import-command'
import type { RemoteBackend, Upload } from './remote-backend'

/**
 * `import <paths...>` through a host (`--hub`): the files and folders' files are uploaded one by one (progress on
 * `report`), then imported as one upload import (a drop's: subtitles and sidecars beside a video go with it), and each
 * file's outcome printed as it ends. A file the host refused to take is printed failed with its reason. Resolves to the
 * finished job, or null when no file was taken.
 */
export async function runHubImport(
  backend: RemoteBackend,
  paths: string[],
  print: (line: ImportLine) => void,
  report: (line: string) => void,
): Promise<{ job: ImportJob | null; refused: number }> {
  const files = (await collectFiles(paths.map((target) => path.resolve(target)))).filter((file) => file.error === null)
  if (files.length === 0) throw new AppError('not_found', `No files to import in ${paths.join(', ')}.`)
  const uploads: Upload[] = []
  const localPath = localPaths(files.map((file) => file.path))
  let refused = 0
  for (const [index, file] of files.entries()) {
    report(`Uploading ${index + 1}/${files.length}: ${file.name}`)
    try {
      uploads.push(await backend.upload(file.path, file.name))
    } catch (error) {
      refused += 1
      print({ path: file.path, outcome: 'failed', asset: null, reason: (error as Error).message })
    }
  }
  if (uploads.length === 0) return { job: null, refused }
  const job = await followImport(backend, uploads, (item) => print({ ...item, path: localPath(item.path) }), report)
  const { imported, duplicate, failed } = job.counts
  const why = job.error ? ` ${job.error}` : ''
  report(`Import ${job.state}: ${imported} imported, ${duplicate} duplicate(s), ${failed + refused} failed.${why}`)
  return { job, refused }
}

/** Imports the uploads and hands each file's outcome to `item` as it ends; resolves to the ended job. */
async function followImport(
  backend: RemoteBackend,
  uploads: Upload[],
  item: (line: ImportLine) => void,
  report: (line: string) => void,
): Promise<ImportJob> {
  let jobId: string | undefined
  const early: Array<{ job: ImportJob; line: ImportLine | null }> = []
  const end = jobEnd<ImportJob>()
  const seen = new Set<number>()
  const take = ({ job, line, seq }: { job: ImportJob; line: ImportLine | null; seq?: number }) => {
    if (job.id !== jobId) return
    if (line && seq !== undefined && !seen.has(seq)) {
      seen.add(seq)
      item(line)
    }
    end.tell(job)
  }
  const unsubscribe = await backend.subscribe((event) => {
    if (event.name !== 'import:updated') return
    const { job, item: done } = event.payload
    const update = { job, line: done && lineOf(done), seq: done?.seq }
    if (jobId === undefined) early.push(update)
    else take(update)
  })
  const cancel = () => void (jobId && backend.call('import:cancel', { jobId }).catch(() => undefined))
  process.once('SIGINT', cancel)
  try {
    jobId = (await backend.call('media:import-uploads', { uploads })).job.id
    early.splice(0).forEach(take)
    const job = await end.wait(async () => (await backend.call('import:get', { jobId: jobId!, limit: 1 })).job, report)
    // Outcomes whose events the stream did not bring (it was cut, or the job ended before they came), page by page.
    let after: ChannelOutput<'import:get'>['nextCursor'] = null
    do {
      const page: ChannelOutput<'import:get'> = await backend.call('import:get', { jobId: job.id, after })
      for (const done of page.items) if (!seen.has(done.seq)) take({ job, line: lineOf(done), seq: done.seq })
      after = page.nextCursor
    } while (after !== null)
    return job
  } finally {
    process.off('SIGINT', cancel)
    unsubscribe()
  }
}

function lineOf(item: {
  path: string
  outcome: ImportLine['outcome']
  asset: ImportLine['asset']
  reason: string | null
}): ImportLine {
  return { path: item.path, outcome: item.outcome, asset: item.asset, reason: item.reason }
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
