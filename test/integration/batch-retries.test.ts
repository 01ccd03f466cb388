import { renameSync } from 'node:fs'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { BatchCounts, BatchItem, Job } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openHubLibrary, type HubDatabase, type HubOptions } from '../../main/app/open-hub-library'
import { assetFile } from '../../main/library/asset-file'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

const opened: Library[] = []
afterEach(async () => {
  // The worker first: the hub's close would otherwise hand back what it still waits on.
  for (const lib of opened.splice(0).reverse()) await lib.close()
})

/** A library of the hub over `database` with its files in `dir`, closed after the test. */
async function open(dir: string, database: HubDatabase, options: HubOptions): Promise<Library> {
  const lib = await openHubLibrary(dir, database, options)
  opened.push(lib)
  return lib
}

/** The first job `lib` tells of (job:updated) from now on for which `holds` is true. */
function told(lib: Library, holds: (job: Job) => boolean): Promise<Job> {
  return new Promise((resolve) => {
    const stop = lib.events.subscribe((event) => {
      if (event.name !== 'job:updated' || !holds(event.payload.job)) return
      stop()
      resolve(event.payload.job)
    })
  })
}

const counts = (changes: Partial<BatchCounts>): BatchCounts => ({
  ran: 0,
  cached: 0,
  failed: 0,
  cancelled: 0,
  skipped: 0,
  ...changes,
})

describe('a batch on a hub’s workers (PostgreSQL)', () => {
  it('follows retries of its assets’ jobs: a failed one retried once its file is back, a cancelled one retried', async () => {
    const database = await freshHubDatabase()
    const dir = tempDir()
    // The hub runs the batch but none of its assets' jobs: those wait for the worker, opened later.
    const hub = await open(dir, database, { actor: 'ada', claims: [] })
    const { items: imported } = await importAndWait(hub, [fixtures.mp4, fixtures.webm, fixtures.mkv])
    const [kept, gone, stopped] = imported.map((item) => item.asset!.id)
    const goneFile = assetFile(hub, (await hub.catalog.repos.media.get(gone!))!.filePath)
    renameSync(goneFile, `${goneFile}.away`)

    const waiting = new Map<string, Job>()
    const allWaiting = told(hub, (job) => {
      if (job.kind === 'analysis' && job.state === 'queued') waiting.set(job.assetId!, job)
      return waiting.size === 3
    })
    const work = { kind: 'analysis', analyzer: 'black' }
    const { job: batch } = await call<{ job: Job }>(hub, 'batch:run', { work, target: { ids: [kept, gone, stopped] } })
    await allWaiting
    const jobOf = (assetId: string) => waiting.get(assetId)!.id
    // Vera cancels one asset's job on purpose before any worker runs it.
    await hub.jobs.cancel(jobOf(stopped!), 'Vera')
    await open(dir, database, { actor: 'worker' })
    await hub.jobs.settled(batch.id)
    const ended = await hub.jobs.get(batch.id)
    expect(ended).toMatchObject({ state: 'done', result: { counts: counts({ ran: 1, failed: 1, cancelled: 1 }) } })
    const before = (await call<{ items: BatchItem[] }>(hub, 'batch:items', { jobId: batch.id })).items
    expect(before.map((item) => [item.assetId, item.outcome, item.assetJobId, item.message])).toEqual([
      [gone, 'failed', jobOf(gone!), expect.stringMatching(/missing/)],
      [stopped, 'cancelled', jobOf(stopped!), 'Cancelled by Vera.'],
      [kept, 'ran', jobOf(kept!), null],
    ])

    // The file is back: the failed job and the cancelled one are retried, and the batch counts their retries.
    renameSync(`${goneFile}.away`, goneFile)
    const allRan = told(hub, (job) => job.id === batch.id && job.kind === 'batch' && job.result?.counts.ran === 3)
    await hub.jobs.retry(jobOf(gone!))
    await hub.jobs.retry(jobOf(stopped!))
    expect(await allRan).toMatchObject({
      state: 'done',
      finishedAt: ended.finishedAt,
      result: { counts: counts({ ran: 3 }) },
    })
    expect(await hub.jobs.get(batch.id)).toMatchObject({ result: { counts: counts({ ran: 3 }) } })
    const after = (await call<{ items: BatchItem[] }>(hub, 'batch:items', { jobId: batch.id })).items
    const analysisOf = async (assetId: string) => {
      const job = await hub.jobs.get(jobOf(assetId))
      return job.kind === 'analysis' ? job.result?.analysis.id : undefined
    }
    expect(after.map((item) => [item.assetId, item.outcome, item.assetJobId, item.message, item.analysisId])).toEqual([
      [kept, 'ran', jobOf(kept!), null, await analysisOf(kept!)],
      [gone, 'ran', jobOf(gone!), null, await analysisOf(gone!)],
      [stopped, 'ran', jobOf(stopped!), null, await analysisOf(stopped!)],
    ])
    expect(after.every((item) => typeof item.analysisId === 'number')).toBe(true)
  }, 120_000)
})
