import type { ChannelOutput, ImportJob } from '../../shared/contract'
import { jobEnd } from './job-end'
import type { ImportLine } from './import-command'
import type { RemoteBackend, Upload } from './remote-backend'

/** What one event or page says of a followed import: the job, and a file's outcome when one ended. */
interface ImportUpdate {
  job: ImportJob
  line: ImportLine | null
  seq?: number
}

/** One import this command follows: its end, and the outcomes already handed on (by their seq). */
interface Followed {
  end: ReturnType<typeof jobEnd<ImportJob>>
  seen: Set<number>
}

/**
 * Starts and follows a command's imports of uploads on a host, several at once (`import --hub` sends its files in
 * batches, one import each), over one event stream: each file's outcome goes to `item` once, as it ends; the outcomes
 * the stream did not bring are read page by page when the import ends.
 */
export async function followImports(
  backend: RemoteBackend,
  item: (line: ImportLine) => void,
  report: (line: string) => void,
) {
  const followed = new Map<string, Followed>()
  // Updates of imports whose start has not answered yet, kept only while one is being started.
  const early = new Map<string, ImportUpdate[]>()
  let starting = 0
  const take = (import_: Followed, { job, line, seq }: ImportUpdate) => {
    if (line && seq !== undefined && !import_.seen.has(seq)) {
      import_.seen.add(seq)
      item(line)
    }
    import_.end.tell(job)
  }
  const unsubscribe = await backend.subscribe((event) => {
    if (event.name !== 'import:updated') return
    const { job, item: done } = event.payload
    const update = { job, line: done && lineOf(done), seq: done?.seq }
    const known = followed.get(job.id)
    if (known) take(known, update)
    else if (starting > 0) early.set(job.id, [...(early.get(job.id) ?? []), update])
  })
  const cancel = (jobId: string) => void backend.call('import:cancel', { jobId }).catch(() => undefined)
  let cancelled = false

  /** Imports `uploads` as one job and resolves to it once it has ended, every outcome handed on. */
  const run = async (uploads: Upload[]): Promise<ImportJob> => {
    starting += 1
    let jobId: string
    try {
      jobId = (await backend.call('media:import-uploads', { uploads })).job.id
    } finally {
      starting -= 1
    }
    const import_: Followed = { end: jobEnd<ImportJob>(), seen: new Set() }
    followed.set(jobId, import_)
    for (const update of early.get(jobId) ?? []) take(import_, update)
    early.delete(jobId)
    if (starting === 0) early.clear()
    if (cancelled) cancel(jobId)
    try {
      const job = await import_.end.wait(
        async () => (await backend.call('import:get', { jobId, limit: 1 })).job,
        report,
      )
      let after: ChannelOutput<'import:get'>['nextCursor'] = null
      do {
        const page: ChannelOutput<'import:get'> = await backend.call('import:get', { jobId, after })
        for (const done of page.items) take(import_, { job, line: lineOf(done), seq: done.seq })
        after = page.nextCursor
      } while (after !== null)
      return job
    } finally {
      followed.delete(jobId)
    }
  }

  return {
    run,
    /** Cancels every import followed, and each started from now on. */
    cancelAll(): void {
      cancelled = true
      for (const jobId of followed.keys()) cancel(jobId)
    },
    close: unsubscribe,
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
