import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { RECENT_JOBS, type BatchItem, type ChangeTopic, type ImportItem, type JobKind } from '../../../shared/contract'
import { createChangeFeed } from '../../../main/db/change-feed'
import { createCatalog, type Catalog } from '../../../main/db/catalog'
import { createEventBus } from '../../../main/library/event-bus'
import { migrations as libraryMigrations } from '../../../main/db/migrations/index'
import { openDatabase } from '../../../main/db/open-database'
import type { ProvenanceJob } from '../../../main/db/repos/provenance'
import type { JobHolder, NewJob, StoredJob, UnfinishedJob } from '../../../main/db/repos/jobs'
import type { NewImportItem } from '../../../main/db/repos/import-items'
import type { NewExecution } from '../../../main/db/repos/workflow-executions'
import { UniqueViolation, type SqlDialect, type SqlEngine } from '../../../main/db/sql/sql-engine'
import { sqliteEngine } from '../../../main/db/sql/sqlite-engine'
import { ENGINES, freshEngine, freshLanguageOrderedPostgres, insertAssets } from '../../helpers/sql-engines'
import { tempDir } from '../../helpers/temp-dir'

const at = (minute: number, second = 0) =>
  `2026-11-25T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`
// A lease's expiry past 2^31 ms, as every real one is: it needs a bigint on PostgreSQL.
const LEASE = 1_764_064_800_123

/** The workflow the runs of these tests belong to. */
const WORKFLOW = {
  id: 'wf-1',
  name: 'alpha',
  description: null,
  status: 'saved',
  definition: '{}',
  format: 'comfyui-api',
  definitionHash: 'hash-wf-1',
  source: 'import',
  createdAt: at(0),
  updatedAt: at(0),
  nameOrigin: 'auto',
} as const
/** A run of WORKFLOW, running. */
const execution = (id: string, changes: Partial<NewExecution> = {}): NewExecution => ({
  id,
  workflowId: 'wf-1',
  status: 'running',
  startedAt: at(1),
  completedAt: null,
  executionData: null,
  error: null,
  createdAt: at(1),
  ...changes,
})
const holder = (id: string, changes: Partial<JobHolder> = {}): JobHolder => ({
  id,
  host: 'host-a',
  pid: 4242,
  started: 'Wed Nov 25 10:00:00 2026',
  leaseUntil: LEASE,
  ...changes,
})
const newJob = (id: string, changes: Partial<NewJob> = {}): NewJob => ({
  id,
  kind: 'analysis',
  title: `Job ${id}`,
  assetId: null,
  params: { analyzer: 'scenes' },
  createdAt: at(0),
  holder: holder('owner-a'),
  ...changes,
})
/** A job as `get` reads back one that newJob(id, changes) made and nothing moved on. */
const storedJob = (id: string, changes: Partial<StoredJob> = {}): StoredJob => ({
  id,
  kind: 'analysis',
  state: 'queued',
  title: `Job ${id}`,
  assetId: null,
  params: { analyzer: 'scenes' },
  result: null,
  error: null,
  createdAt: at(0),
  startedAt: null,
  finishedAt: null,
  requestedBy: null,
  cancelledBy: null,
  worker: 'owner-a',
  attempts: 0,
  ...changes,
})
/** An unfinished job as `unfinished` reads back one that newJob made with `held`. */
const unfinishedJob = (id: string, held: JobHolder, changes: Partial<UnfinishedJob> = {}): UnfinishedJob => ({
  id,
  kind: 'analysis',
  state: 'queued',
  ownerId: held.id,
  ownerHost: held.host,
  pid: held.pid,
  started: held.started,
  leaseUntil: held.leaseUntil,
  ...changes,
})
const importItem = (seq: number, changes: Partial<NewImportItem> = {}): NewImportItem => ({
  seq,
  path: `/incoming/file-${seq}.mp4`,
  name: `file-${seq}.mp4`,
  sizeBytes: 100,
  outcome: 'imported',
  assetId: null,
  reason: null,
  ...changes,
})
const batchItem = (seq: number, outcome: BatchItem['outcome'], changes: Partial<BatchItem> = {}): BatchItem => ({
  seq,
  assetId: `a${seq}`,
  assetName: `asset ${seq}.mp4`,
  outcome,
  message: outcome === 'failed' || outcome === 'skipped' ? `why ${seq}` : null,
  analysisId: outcome === 'cached' ? 5_000_000_000 + seq : null,
  outputAssetId: outcome === 'ran' ? `out-${seq}` : null,
  finishedAt: at(10, seq),
  assetJobId: null,
  ...changes,
})
/** The asset insertAssets wrote under `id`, as an import item names it. */
const assetRef = (id: string) => ({ id, name: `${id}.mp4`, filePath: `/library/media/videos/${id}.mp4` })
/** An import item as lists and pages give it, naming the asset insertAssets wrote under its asset id. */
const listedItem = ({ assetId, ...rest }: NewImportItem): ImportItem => ({
  ...rest,
  asset: assetId === null ? null : assetRef(assetId),
})

// Issue 34: jobs (their leases, states and lists), the per-file outcomes of imports, the per-asset outcomes of batches
// and an asset's provenance, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('jobs and their items on %s', (dialect) => {
  const fresh = async (assets: readonly string[] = []) => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, assets)
    return { sql, catalog: createCatalog(sql) }
  }
  /**
   * A fresh catalogue that, on PostgreSQL, is in a database whose collation is a language's (ICU's en-US), as a hub's
   * is when its server was made with such a locale: jobs and items must still order by code point, as on SQLite.
   */
  const freshLanguageOrdered = async (assets: readonly string[] = []) => {
    const sql = dialect === 'postgres' ? await freshLanguageOrderedPostgres() : await freshEngine(dialect)
    await insertAssets(sql, assets)
    return { sql, catalog: createCatalog(sql) }
  }
  const ids = (jobs: readonly StoredJob[]) => jobs.map((job) => job.id)

  it('stores a job queued under its holder and reads it back with its params and result as JSON', async () => {
    const { sql, catalog } = await fresh()
    const { jobs } = catalog.repos
    const params = { nested: { seed: '18446744073709551615', list: [1, 'two', null] }, flag: true, text: 'é ✓' }
    // The insert returns the job as stored, as a read gives it.
    const j1 = storedJob('j1', { kind: 'processing', assetId: 'a1', params, createdAt: at(1) })
    expect(await jobs.insert(newJob('j1', { kind: 'processing', assetId: 'a1', params, createdAt: at(1) }))).toEqual(j1)
    expect(await jobs.insert(newJob('j2', { params: undefined }))).toEqual(storedJob('j2', { params: null }))
    const held = holder('owner-b', { started: null, pid: 7 })
    expect(await jobs.insert(newJob('j3', { params: null, holder: held }))).toEqual(
      storedJob('j3', { params: null, worker: 'owner-b' }),
    )
    expect(await jobs.get('j1')).toEqual(j1)
    expect(await jobs.get('j2')).toEqual(storedJob('j2', { params: null }))
    expect(await jobs.get('j3')).toEqual(storedJob('j3', { params: null, worker: 'owner-b' }))
    expect(await jobs.get('nope')).toBeNull()
    // No params are no text; null params are JSON's null. The holder is stored whole, its lease past 2^31.
    expect(
      await sql.all(
        'SELECT id, params, owner_id, owner_host, owner_pid, owner_started, lease_until FROM jobs ORDER BY id',
      ),
    ).toEqual([
      {
        id: 'j1',
        params: JSON.stringify(params),
        owner_id: 'owner-a',
        owner_host: 'host-a',
        owner_pid: 4242,
        owner_started: 'Wed Nov 25 10:00:00 2026',
        lease_until: LEASE,
      },
      {
        id: 'j2',
        params: null,
        owner_id: 'owner-a',
        owner_host: 'host-a',
        owner_pid: 4242,
        owner_started: 'Wed Nov 25 10:00:00 2026',
        lease_until: LEASE,
      },
      {
        id: 'j3',
        params: 'null',
        owner_id: 'owner-b',
        owner_host: 'host-a',
        owner_pid: 7,
        owner_started: null,
        lease_until: LEASE,
      },
    ])
    await expect(jobs.insert(newJob('j1'))).rejects.toBeInstanceOf(UniqueViolation)
    await expect(sql.run("UPDATE jobs SET state = 'paused' WHERE id = 'j1'")).rejects.toThrow(/check constraint/i)
  })

  it('starts a queued job for its owner alone, and finishes it with or without naming the owner, once', async () => {
    const { catalog } = await fresh()
    const { jobs } = catalog.repos
    for (const id of ['j1', 'j2', 'j3']) await jobs.insert(newJob(id))

    // Each write that goes through returns the job as stored after it (the runner tells it without a read); null else.
    expect(await jobs.start('j1', at(1), 'owner-b')).toBeNull()
    expect(await jobs.get('j1')).toEqual(storedJob('j1'))
    const running = storedJob('j1', { state: 'running', startedAt: at(1) })
    expect(await jobs.start('j1', at(1), 'owner-a')).toEqual(running)
    expect(await jobs.get('j1')).toEqual(running)
    // Only from queued: a running job does not start again.
    expect(await jobs.start('j1', at(2), 'owner-a')).toBeNull()
    expect(await jobs.start('nope', at(2), 'owner-a')).toBeNull()

    // Another owner's finish is refused; the owner's goes through, with its result as JSON.
    expect(await jobs.finish('j1', 'done', at(3), null, { frames: 1 }, 'owner-b')).toBeNull()
    expect(await jobs.get('j1')).toEqual(running)
    const result = { frames: 12, scenes: [{ from: 0, to: 1.5 }], note: null }
    const done = storedJob('j1', { state: 'done', startedAt: at(1), finishedAt: at(3), result })
    expect(await jobs.finish('j1', 'done', at(3), null, result, 'owner-a')).toEqual(done)
    expect(await jobs.get('j1')).toEqual(done)
    // An ended job ends once, whoever asks.
    expect(await jobs.finish('j1', 'failed', at(4), 'late', undefined, 'owner-a')).toBeNull()
    expect(await jobs.finish('j1', 'failed', at(4), 'late')).toBeNull()
    expect(await jobs.get('j1')).toEqual(done)

    // Without an owner: any unfinished job, queued too; no result is none.
    const failed = storedJob('j2', { state: 'failed', finishedAt: at(5), error: 'Out of memory' })
    expect(await jobs.finish('j2', 'failed', at(5), 'Out of memory')).toEqual(failed)
    expect(await jobs.get('j2')).toEqual(failed)
    const cancelled = storedJob('j3', { state: 'cancelled', finishedAt: at(6) })
    expect(await jobs.finish('j3', 'cancelled', at(6), null, null)).toEqual(cancelled)
    expect(await jobs.get('j3')).toEqual(cancelled)
    expect(await jobs.finish('nope', 'done', at(6), null)).toBeNull()
  })

  it('renews its owner’s leases in batches of statements and returns the ids it no longer holds', async () => {
    const { sql, catalog } = await fresh()
    const { jobs } = catalog.repos
    const held = Array.from({ length: 600 }, (_, index) => `r${String(index).padStart(4, '0')}`)
    await catalog.transaction(async ({ jobs: inTransaction }) => {
      for (const id of held) await inTransaction.insert(newJob(id))
      await inTransaction.insert(newJob('finished'))
      await inTransaction.insert(newJob('theirs', { holder: holder('owner-b') }))
    })
    await jobs.finish('finished', 'done', at(1), null)
    const until = LEASE + 60_000
    // One lost in the first statement's ids, one in the second's, one never there.
    const asked = [...held.slice(0, 10), 'theirs', ...held.slice(10, 550), 'finished', ...held.slice(550), 'missing']
    expect(asked).toHaveLength(603)
    expect(await jobs.renew(asked, 'owner-a', until)).toEqual({
      gone: ['theirs', 'finished', 'missing'],
      cancelled: [],
    })
    const leases = await sql.all<{ lease: number; n: number }>(
      'SELECT lease_until AS lease, count(*) AS n FROM jobs GROUP BY lease_until ORDER BY lease_until',
    )
    expect(leases).toEqual([
      { lease: LEASE, n: 2 },
      { lease: until, n: 600 },
    ])
    expect(await jobs.renew(['theirs'], 'owner-b', until + 1)).toEqual({ gone: [], cancelled: [] })
    expect(await jobs.renew([], 'owner-a', until)).toEqual({ gone: [], cancelled: [] })
  })

  it('lists unfinished jobs with their holders, and interrupts or claims one only as it was read', async () => {
    const { sql, catalog } = await fresh()
    const { jobs } = catalog.repos
    const a = holder('owner-a')
    const b = holder('owner-b', { host: 'host-b', pid: 99, leaseUntil: LEASE + 5 })
    await jobs.insert(newJob('queued', { holder: a }))
    await jobs.insert(newJob('running', { kind: 'batch', holder: b }))
    await jobs.start('running', at(1), 'owner-b')
    await jobs.insert(newJob('ended', { holder: a }))
    await jobs.finish('ended', 'done', at(2), null)
    // A row from before leases: a pid alone.
    await jobs.insert(newJob('legacy', { kind: 'import' }))
    await sql.run(
      "UPDATE jobs SET owner_id = NULL, owner_host = NULL, lease_until = NULL, owner_started = NULL WHERE id = 'legacy'",
    )
    const byId = (rows: UnfinishedJob[]) => [...rows].sort((x, y) => (x.id < y.id ? -1 : 1))
    const legacy = unfinishedJob('legacy', a, {
      kind: 'import',
      ownerId: null,
      ownerHost: null,
      started: null,
      leaseUntil: null,
    })
    const running = unfinishedJob('running', b, { kind: 'batch', state: 'running' })
    expect(byId(await jobs.unfinished())).toEqual([legacy, unfinishedJob('queued', a), running])

    // A holder read before another took over (a lease renewed since) is stale: nothing is written.
    expect(await jobs.interrupt({ ...running, leaseUntil: LEASE }, at(3), 'Interrupted')).toBe(false)
    expect(await jobs.interrupt({ ...running, ownerId: 'owner-a' }, at(3), 'Interrupted')).toBe(false)
    expect(await jobs.interrupt({ ...running, pid: 98 }, at(3), 'Interrupted')).toBe(false)
    expect(await jobs.get('running')).toMatchObject({ state: 'running', finishedAt: null, error: null })
    expect(await jobs.interrupt(running, at(3), 'Interrupted')).toBe(true)
    expect(await jobs.get('running')).toEqual(
      storedJob('running', {
        kind: 'batch',
        state: 'failed',
        startedAt: at(1),
        finishedAt: at(3),
        error: 'Interrupted',
        worker: 'owner-b',
      }),
    )
    expect(await jobs.interrupt(running, at(4), 'Again')).toBe(false)
    // A holder without a lease matches as read (nulls are the same holder).
    expect(await jobs.interrupt(legacy, at(4), 'Gone')).toBe(true)
    expect(await jobs.get('legacy')).toMatchObject({ state: 'failed', error: 'Gone', finishedAt: at(4) })
    expect(byId(await jobs.unfinished())).toEqual([unfinishedJob('queued', a)])

    // A claim takes the job over, queued again; a second claim with the holder read before it fails.
    await jobs.start('queued', at(5), 'owner-a')
    const read = (await jobs.unfinished())[0]!
    expect(read).toEqual(unfinishedJob('queued', a, { state: 'running' }))
    const c = holder('owner-c', { host: 'host-c', pid: 3, started: null, leaseUntil: LEASE + 30_000 })
    expect(await jobs.claim(read, c)).toBe(true)
    expect(await jobs.claim(read, holder('owner-d'))).toBe(false)
    expect(await jobs.unfinished()).toEqual([unfinishedJob('queued', c)])
    expect(await jobs.get('queued')).toEqual(storedJob('queued', { startedAt: null, worker: 'owner-c' }))
    expect(await jobs.claim(unfinishedJob('ended', a, { state: 'queued' }), c)).toBe(false)
  })

  it('lets exactly one of two claims made at once with the same holder take the job', async () => {
    const { catalog } = await fresh()
    const { jobs } = catalog.repos
    for (let round = 0; round < 5; round++) {
      const id = `contested-${round}`
      await jobs.insert(newJob(id))
      const read = (await jobs.unfinished()).find((job) => job.id === id)!
      const [d, e] = [holder('owner-d', { pid: 4 }), holder('owner-e', { pid: 5 })]
      const won = await Promise.all([jobs.claim(read, d), jobs.claim(read, e)])
      expect([...won].sort()).toEqual([false, true])
      const winner = won[0] ? d : e
      expect((await jobs.unfinished()).find((job) => job.id === id)).toEqual(unfinishedJob(id, winner))
    }
  })

  it('releases a job its owner holds for anyone to take over', async () => {
    const { sql, catalog } = await fresh()
    const { jobs } = catalog.repos
    await jobs.insert(newJob('j1'))
    await jobs.start('j1', at(1), 'owner-a')
    expect(await jobs.release('j1', 'owner-b', at(9))).toBe(false)
    expect(await jobs.release('j1', 'owner-a', at(9))).toBe(true)
    expect(await jobs.get('j1')).toEqual(storedJob('j1', { worker: null }))
    const released = unfinishedJob('j1', holder('x'), {
      ownerId: null,
      ownerHost: null,
      pid: null,
      started: null,
      leaseUntil: 0,
    })
    expect(await jobs.unfinished()).toEqual([released])
    // Nobody holds it now: the owner cannot release it again, nor finish it as its owner.
    expect(await jobs.release('j1', 'owner-a', at(9))).toBe(false)
    expect(await jobs.finish('j1', 'done', at(2), null, undefined, 'owner-a')).toBeNull()
    expect(await jobs.claim(released, holder('owner-b'))).toBe(true)
    expect(await sql.get("SELECT owner_id, lease_until FROM jobs WHERE id = 'j1'")).toEqual({
      owner_id: 'owner-b',
      lease_until: LEASE,
    })
    await jobs.finish('j1', 'done', at(3), null)
    expect(await jobs.release('j1', 'owner-b', at(9))).toBe(false)
    expect(await jobs.get('j1')).toMatchObject({ state: 'done' })
  })

  it('claims waiting jobs of the kinds asked, taking turns by person, each job once', async () => {
    const { sql, catalog } = await fresh()
    const { jobs } = catalog.repos
    const wait = (id: string, minute: number, person: string | null, kind: JobKind = 'analysis') =>
      jobs.insert(newJob(id, { kind, holder: null, requestedBy: person, createdAt: at(minute) }))
    for (let index = 0; index < 4; index++) await wait(`ada-${index}`, index + 1, 'ada')
    await wait('bo-0', 10, 'bo')
    await wait('bo-hash', 11, 'bo', 'similar-hash')
    await wait('nobody-0', 12, null)
    await jobs.insert(newJob('held', { requestedBy: 'ada' }))
    const w = (id: string) => holder(id, { host: 'host-w' })
    // Nobody holds a job of bo's or nobody's: theirs go first, the oldest waiting first; then ada's.
    const claimedId = async (by: JobHolder, kinds: JobKind[]) => (await jobs.claimNext(by, kinds))?.id
    expect(await claimedId(w('w1'), ['analysis'])).toBe('bo-0')
    expect(await claimedId(w('w1'), ['analysis'])).toBe('nobody-0')
    expect(await claimedId(w('w2'), ['analysis'])).toBe('ada-0')
    expect(await claimedId(w('w2'), ['similar-hash'])).toBe('bo-hash')
    expect(await jobs.claimNext(w('w2'), ['verify'])).toBeNull()
    expect(await jobs.claimNext(w('w2'), [])).toBeNull()
    expect(
      await sql.get("SELECT owner_id, owner_host, lease_until, attempts, state FROM jobs WHERE id = 'ada-0'"),
    ).toEqual({
      owner_id: 'w2',
      owner_host: 'host-w',
      lease_until: LEASE,
      attempts: 1,
      state: 'queued',
    })
    // Claims at once take different jobs.
    const claimed = await Promise.all(['a', 'b', 'c', 'd'].map((id) => jobs.claimNext(w(id), ['analysis'])))
    expect(claimed.map((job) => job?.id ?? null).sort()).toEqual(['ada-1', 'ada-2', 'ada-3', null])
  })

  it('queues a job whose holder vanished again up to its attempts, then fails it with the last words', async () => {
    const { sql, catalog } = await fresh()
    const { jobs } = catalog.repos
    await jobs.insert(newJob('j1', { holder: null }))
    const words = { error: 'Its worker stopped.', failure: 'Its worker stopped, every time.' }
    for (let attempt = 1; attempt <= 3; attempt++) {
      const w = holder(`w${attempt}`, { leaseUntil: LEASE + attempt })
      // The claim returns the job as it is held now: this holder's, its attempt counted.
      expect(await jobs.claimNext(w, ['analysis'])).toMatchObject({ id: 'j1', worker: w.id, attempts: attempt })
      expect(await jobs.start('j1', at(attempt), w.id)).toMatchObject({ id: 'j1', state: 'running' })
      const read = (await jobs.unfinished())[0]!
      // Read before another change, it is stale.
      expect(await jobs.requeue({ ...read, leaseUntil: 1 }, at(attempt), words, 3)).toBeNull()
      expect(await jobs.requeue(read, at(attempt), words, 3)).toBe(attempt < 3 ? 'queued' : 'failed')
    }
    expect(await jobs.get('j1')).toEqual(
      storedJob('j1', {
        state: 'failed',
        error: words.failure,
        startedAt: at(3),
        finishedAt: at(3),
        worker: 'w3',
        attempts: 3,
      }),
    )
    // Retried by hand, it waits again with its attempts, error and result cleared.
    expect(await jobs.retry('j1', null)).toBe(true)
    expect(await jobs.retry('j1', null)).toBe(false)
    expect(await jobs.get('j1')).toEqual(storedJob('j1', { worker: null }))
    // A job released by its holder goes back to waiting without the claim counted.
    expect((await jobs.claimNext(holder('w4'), ['analysis']))?.id).toBe('j1')
    expect(await jobs.release('j1', 'w4', at(9))).toBe(true)
    expect(await sql.get("SELECT attempts, owner_id FROM jobs WHERE id = 'j1'")).toEqual({
      attempts: 0,
      owner_id: null,
    })
  })

  it('cancels a waiting job at once and asks the holder of a held one, whose renewal says so', async () => {
    const { catalog } = await fresh()
    const { jobs } = catalog.repos
    await jobs.insert(newJob('waiting', { holder: null }))
    await jobs.insert(newJob('held'))
    await jobs.start('held', at(1), 'owner-a')
    await jobs.insert(newJob('ended'))
    await jobs.finish('ended', 'done', at(1), null)
    expect(await jobs.requestCancel('waiting', at(2))).toBe('cancelled')
    expect(await jobs.get('waiting')).toMatchObject({ state: 'cancelled', finishedAt: at(2) })
    expect(await jobs.get('held')).toMatchObject({ state: 'running', worker: 'owner-a' })
    expect(await jobs.requestCancel('held', at(2))).toBe('asked')
    expect(await jobs.get('held')).toMatchObject({ state: 'running' })
    expect(await jobs.requestCancel('ended', at(2))).toBe('ended')
    expect(await jobs.requestCancel('missing', at(2))).toBe('ended')
    expect(await jobs.renew(['held'], 'owner-a', LEASE + 1)).toEqual({ gone: [], cancelled: ['held'] })
    // Given back by its holder, or lost with it, a job asked to stop ends cancelled, never waits for a claim.
    expect(await jobs.release('held', 'owner-a', at(9))).toBe(true)
    expect(await jobs.get('held')).toMatchObject({ state: 'cancelled', finishedAt: at(9) })
    expect(await jobs.unfinishedOf(['held'])).toEqual(new Set())
    await jobs.insert(newJob('lost'))
    await jobs.requestCancel('lost', at(3))
    const lost = (await jobs.unfinished()).find((job) => job.id === 'lost')!
    const words = { error: 'Its worker stopped.', failure: 'Its worker stopped, every time.' }
    expect(await jobs.requeue(lost, at(4), words, 3)).toBe('cancelled')
    expect(await jobs.get('lost')).toMatchObject({ state: 'cancelled', finishedAt: at(4), error: null })
    expect(await jobs.claimNext(holder('w'), ['analysis'])).toBeNull()
  })

  it('names who cancelled a job, however it ended cancelled, and forgets it when the job is retried', async () => {
    const { catalog } = await fresh()
    const { jobs } = catalog.repos
    await jobs.insert(newJob('waiting', { holder: null }))
    expect(await jobs.requestCancel('waiting', at(2), 'Vera')).toBe('cancelled')
    expect(await jobs.get('waiting')).toMatchObject({ state: 'cancelled', cancelledBy: 'Vera' })
    // Held elsewhere: named when asked, shown once its holder ends it cancelled.
    await jobs.insert(newJob('held'))
    await jobs.start('held', at(1), 'owner-a')
    expect(await jobs.requestCancel('held', at(2), 'Omar')).toBe('asked')
    expect(await jobs.get('held')).toMatchObject({ state: 'running', cancelledBy: null })
    await jobs.finish('held', 'cancelled', at(3), null, undefined, 'owner-a')
    expect(await jobs.get('held')).toMatchObject({ state: 'cancelled', cancelledBy: 'Omar' })
    // Held here: named before its own runner stops it.
    await jobs.insert(newJob('here'))
    await jobs.nameCanceller('here', 'Vera')
    await jobs.finish('here', 'cancelled', at(3), null, undefined, 'owner-a')
    expect(await jobs.get('here')).toMatchObject({ state: 'cancelled', cancelledBy: 'Vera' })
    // A job that ended otherwise before its cancel took was not cancelled by anyone.
    await jobs.insert(newJob('raced'))
    await jobs.nameCanceller('raced', 'Vera')
    await jobs.finish('raced', 'done', at(3), null)
    expect(await jobs.get('raced')).toMatchObject({ state: 'done', cancelledBy: null })
    expect(await jobs.retry('waiting', null)).toBe(true)
    await jobs.requestCancel('waiting', at(4))
    expect(await jobs.get('waiting')).toMatchObject({ state: 'cancelled', cancelledBy: null })
  })

  it('fails in one go the unfinished jobs whose owner is gone, with their kind’s error', async () => {
    const { catalog } = await fresh()
    const { jobs } = catalog.repos
    await jobs.insert(newJob('gone-1', { holder: holder('o1', { pid: 100, started: 's100' }) }))
    await jobs.insert(newJob('alive', { holder: holder('o2', { pid: 200, started: 's200' }) }))
    await jobs.insert(newJob('gone-2', { kind: 'import', holder: holder('o3', { pid: 100, started: 's100' }) }))
    await jobs.start('gone-2', at(1), 'o3')
    await jobs.insert(newJob('ended', { holder: holder('o4', { pid: 100, started: 's100' }) }))
    await jobs.finish('ended', 'cancelled', at(1), null)
    const asked: string[] = []
    const gone = await jobs.failUnfinished(
      at(2),
      (kind: JobKind) => `The ${kind} was interrupted.`,
      (owner) => {
        asked.push(`${owner.pid}@${owner.started}`)
        return owner.pid === 100
      },
    )
    expect([...gone].sort()).toEqual(['gone-1', 'gone-2'])
    expect(asked.sort()).toEqual(['100@s100', '100@s100', '200@s200'])
    expect(await jobs.get('gone-1')).toEqual(
      storedJob('gone-1', {
        state: 'failed',
        finishedAt: at(2),
        error: 'The analysis was interrupted.',
        worker: 'o1',
      }),
    )
    expect(await jobs.get('gone-2')).toEqual(
      storedJob('gone-2', {
        kind: 'import',
        state: 'failed',
        startedAt: at(1),
        finishedAt: at(2),
        error: 'The import was interrupted.',
        worker: 'o3',
      }),
    )
    expect(await jobs.get('alive')).toEqual(storedJob('alive', { worker: 'o2' }))
    expect(await jobs.get('ended')).toMatchObject({ state: 'cancelled', error: null })
    expect(
      await jobs.failUnfinished(
        at(3),
        () => 'x',
        () => false,
      ),
    ).toEqual([])
  })

  it('lists the newest jobs first, ids breaking ties by code point, of one kind or asset', async () => {
    const { catalog } = await freshLanguageOrdered()
    const { jobs } = catalog.repos
    // In code point order: B1 < a-1 < a1 < b-2; a language's order puts them a-1, a1, B1, b-2 (or ignores the dash).
    const made: Array<[string, JobKind, string | null, string]> = [
      ['a1', 'import', 'x2', at(5)],
      ['A0', 'import', null, at(1)],
      ['B1', 'import', 'x1', at(5)],
      ['z0', 'analysis', 'x1', at(9)],
      ['b-2', 'import', null, at(5)],
      ['a-1', 'processing', 'x1', at(5)],
    ]
    for (const [id, kind, assetId, createdAt] of made) await jobs.insert(newJob(id, { kind, assetId, createdAt }))
    expect(ids(await jobs.list({ limit: 10 }))).toEqual(['z0', 'b-2', 'a1', 'a-1', 'B1', 'A0'])
    expect(ids(await jobs.list({ limit: 3 }))).toEqual(['z0', 'b-2', 'a1'])
    expect(ids(await jobs.list({ kind: 'import', limit: 10 }))).toEqual(['b-2', 'a1', 'B1', 'A0'])
    expect(ids(await jobs.list({ kind: 'import', limit: 2 }))).toEqual(['b-2', 'a1'])
    expect(ids(await jobs.list({ assetId: 'x1', limit: 10 }))).toEqual(['z0', 'a-1', 'B1'])
    expect(ids(await jobs.list({ kind: 'import', assetId: 'x1', limit: 10 }))).toEqual(['B1'])
    expect(await jobs.list({ kind: 'verify', limit: 10 })).toEqual([])
    expect((await jobs.list({ assetId: 'x2', limit: 1 }))[0]).toEqual(
      storedJob('a1', { kind: 'import', assetId: 'x2', createdAt: at(5) }),
    )
  })

  it('ends the workflow runs a job left queued or running when the job ends, with the job’s words', async () => {
    const { catalog } = await fresh()
    const { jobs, workflows, workflowExecutions: runs } = catalog.repos
    await workflows.insert(WORKFLOW)
    const made = [
      execution('run-1'),
      execution('run-2', { status: 'queued', startedAt: null, error: 'Its own words', completedAt: at(2) }),
      execution('run-3', { status: 'completed', completedAt: at(2) }),
      execution('run-4'),
      execution('run-5'),
      execution('run-6', { status: 'queued', startedAt: null }),
      execution('run-7'),
    ]
    for (const run of made) await runs.insert(run)
    for (const id of ['j1', 'j2', 'j3', 'j4']) await jobs.insert(newJob(id, { kind: 'comfy-run' }))
    await runs.setJob(['run-1', 'run-2', 'run-3'], 'j1')
    await runs.setJob(['run-4'], 'j2')
    await runs.setJob(['run-6'], 'j3')
    await runs.setJob(['run-7'], 'j4')
    const statuses = async () =>
      Object.fromEntries(
        await Promise.all(
          made.map(async ({ id }) => {
            const run = (await runs.get(id))!
            return [id, [run.status, run.error, run.completedAt]]
          }),
        ),
      )
    const before = await statuses()

    // Moving on, being released or claimed is no end.
    await jobs.start('j1', at(3), 'owner-a')
    await jobs.release('j2', 'owner-a', at(9))
    expect(await statuses()).toEqual(before)

    await jobs.finish('j1', 'failed', at(4), 'Out of memory', undefined, 'owner-a')
    await jobs.finish('j2', 'cancelled', at(5), null)
    await jobs.finish('j3', 'done', at(6), null, { ok: true })
    const [j4] = (await jobs.unfinished()).filter((job) => job.id === 'j4')
    await jobs.interrupt(j4!, at(7), 'The run was interrupted.')
    expect(await statuses()).toEqual({
      'run-1': ['failed', 'Out of memory', at(4)],
      'run-2': ['failed', 'Its own words', at(2)],
      'run-3': ['completed', null, at(2)],
      'run-4': ['cancelled', 'The job ended before this run did.', at(5)],
      // A run of no job stays as it is.
      'run-5': ['running', null, null],
      // A job done before its run is no completed run.
      'run-6': ['failed', 'The job ended before this run did.', at(6)],
      'run-7': ['failed', 'The run was interrupted.', at(7)],
    })
  })

  it('records an import’s files and sums them up, listing them with their assets as they are now', async () => {
    const { sql, catalog } = await fresh(['a1', 'a2', 'a3', 'a4'])
    const { jobs, importItems } = catalog.repos
    await jobs.insert(newJob('imp-1', { kind: 'import' }))
    await jobs.insert(newJob('imp-2', { kind: 'import' }))
    const items: NewImportItem[] = [
      importItem(0, { assetId: 'a1' }),
      importItem(1, { outcome: 'failed', sizeBytes: null, reason: 'Unreadable.' }),
      importItem(2, { outcome: 'duplicate', assetId: 'a2', sizeBytes: 250 }),
      // Past 2^31 bytes.
      importItem(3, { assetId: 'a3', sizeBytes: 3_000_000_000 }),
      importItem(4, { outcome: 'failed', sizeBytes: 7, reason: 'Too big.' }),
      importItem(5, { assetId: 'a4' }),
      importItem(6, { outcome: 'duplicate', assetId: 'a1', sizeBytes: 50 }),
    ]
    // Written out of order: they list by seq.
    for (const item of [...items].reverse()) await importItems.addItem('imp-1', item, at(1, item.seq))
    await importItems.addItem('imp-2', importItem(0, { assetId: 'a1' }), at(2))
    await expect(importItems.addItem('imp-1', importItem(3), at(3))).rejects.toBeInstanceOf(UniqueViolation)
    await expect(importItems.addItem('nope', importItem(0), at(3))).rejects.toThrow(/foreign key/i)

    expect(await importItems.summary('imp-1')).toEqual({
      counts: { imported: 3, duplicate: 2, failed: 2 },
      files: 7,
      bytes: 3_000_000_507,
    })
    expect(await importItems.summary('imp-2')).toEqual({
      counts: { imported: 1, duplicate: 0, failed: 0 },
      files: 1,
      bytes: 100,
    })
    expect(await importItems.summary('nope')).toEqual({
      counts: { imported: 0, duplicate: 0, failed: 0 },
      files: 0,
      bytes: 0,
    })

    // The asset as it is now: renamed, or gone (a4).
    await sql.run("UPDATE videos SET name = 'Renamed.mp4', media_type = 'image' WHERE id = 'a3'")
    await sql.run("DELETE FROM videos WHERE id = 'a4'")
    const listed = (item: NewImportItem): ImportItem => {
      if (item.assetId === 'a4') return { ...listedItem(item), asset: null }
      if (item.assetId === 'a3') return { ...listedItem(item), asset: { ...assetRef('a3'), name: 'Renamed.mp4' } }
      return listedItem(item)
    }
    expect(await importItems.items('imp-1')).toEqual(items.map(listed))
    expect(await importItems.items('nope')).toEqual([])
    expect(await importItems.item('imp-1', 2)).toEqual(listed(items[2]!))
    expect(await importItems.item('imp-1', 5)).toEqual({ ...listed(items[5]!), asset: null })
    expect(await importItems.item('imp-1', 7)).toBeUndefined()
    expect(await importItems.item('imp-2', 1)).toBeUndefined()

    // The files that brought in or met an asset, in order; a4 is gone since.
    expect(await importItems.jobFiles('imp-1')).toEqual([
      { path: '/incoming/file-0.mp4', assetId: 'a1', mediaType: 'video' },
      { path: '/incoming/file-2.mp4', assetId: 'a2', mediaType: 'video' },
      { path: '/incoming/file-3.mp4', assetId: 'a3', mediaType: 'image' },
      { path: '/incoming/file-6.mp4', assetId: 'a1', mediaType: 'video' },
    ])
    expect(await importItems.jobFiles('nope')).toEqual([])

    // A job that goes takes its items along.
    await sql.run("DELETE FROM jobs WHERE id = 'imp-1'")
    expect(await importItems.items('imp-1')).toEqual([])
    expect(await importItems.summary('imp-2')).toMatchObject({ files: 1 })
  })

  it('pages an import’s files failures first, then duplicates, then imports, of every outcome or one', async () => {
    const { catalog } = await fresh(['a1'])
    const { jobs, importItems } = catalog.repos
    await jobs.insert(newJob('imp-1', { kind: 'import' }))
    await jobs.insert(newJob('imp-2', { kind: 'import' }))
    const outcomes: NewImportItem['outcome'][] = ['imported', 'failed', 'duplicate', 'imported', 'failed']
    const more: NewImportItem['outcome'][] = ['imported', 'duplicate', 'failed', 'imported', 'duplicate', 'imported']
    const written = [...outcomes, ...more].map((outcome, seq) =>
      importItem(seq, { outcome, assetId: outcome === 'failed' ? null : 'a1' }),
    )
    for (const item of written) await importItems.addItem('imp-1', item, at(1))
    await importItems.addItem('imp-2', importItem(0, { outcome: 'failed' }), at(1))

    const walk = async (outcome: ImportItem['outcome'] | undefined, limit: number) => {
      const pages: Array<{ seqs: string; next: string | null }> = []
      let after: Parameters<typeof importItems.itemsPage>[1]['after'] = null
      do {
        const page = await importItems.itemsPage('imp-1', { outcome, after, limit })
        pages.push({
          seqs: page.items.map((item) => `${item.outcome[0]}${item.seq}`).join(' '),
          next: page.next && `${page.next.outcome}@${page.next.seq}`,
        })
        after = page.next
      } while (after && pages.length < 20)
      return pages
    }
    // failed: 1 4 7; duplicate: 2 6 9; imported: 0 3 5 8 10.
    expect(await walk(undefined, 4)).toEqual([
      { seqs: 'f1 f4 f7 d2', next: 'duplicate@2' },
      { seqs: 'd6 d9 i0 i3', next: 'imported@3' },
      { seqs: 'i5 i8 i10', next: null },
    ])
    expect(await walk(undefined, 3)).toEqual([
      { seqs: 'f1 f4 f7', next: 'failed@7' },
      { seqs: 'd2 d6 d9', next: 'duplicate@9' },
      { seqs: 'i0 i3 i5', next: 'imported@5' },
      { seqs: 'i8 i10', next: null },
    ])
    expect(await walk(undefined, 11)).toEqual([{ seqs: 'f1 f4 f7 d2 d6 d9 i0 i3 i5 i8 i10', next: null }])
    expect(await walk('imported', 2)).toEqual([
      { seqs: 'i0 i3', next: 'imported@3' },
      { seqs: 'i5 i8', next: 'imported@8' },
      { seqs: 'i10', next: null },
    ])
    // A page that ends with the last row tells no next one.
    expect(await walk('duplicate', 3)).toEqual([{ seqs: 'd2 d6 d9', next: null }])
    expect(await walk('failed', 1)).toEqual([
      { seqs: 'f1', next: 'failed@1' },
      { seqs: 'f4', next: 'failed@4' },
      { seqs: 'f7', next: null },
    ])
    // Items as the page carries them, and a page from a cursor given by hand.
    expect(
      await importItems.itemsPage('imp-1', { outcome: 'duplicate', after: { outcome: 'duplicate', seq: 6 }, limit: 5 }),
    ).toEqual({ items: [listedItem(written[9]!)], next: null })
    expect(await importItems.itemsPage('nope', { after: null, limit: 5 })).toEqual({ items: [], next: null })
  })

  it('counts the failed files of every import kept and of the newest import jobs', async () => {
    const { catalog } = await fresh()
    const { jobs, importItems } = catalog.repos
    expect(await importItems.failed()).toEqual({ total: 0, recent: 0 })
    // RECENT_JOBS + 2 imports, one a minute: the oldest two failed twice each, every other one once.
    const count = RECENT_JOBS + 2
    for (let index = 0; index < count; index++) {
      const id = `imp-${String(index).padStart(2, '0')}`
      await jobs.insert(newJob(id, { kind: 'import', createdAt: at(index + 1) }))
      const failures = index < 2 ? 2 : 1
      for (let seq = 0; seq < failures; seq++) {
        await importItems.addItem(id, importItem(seq, { outcome: 'failed' }), at(30))
      }
      await importItems.addItem(id, importItem(failures), at(30))
    }
    // Newer jobs of other kinds do not push imports out of the newest.
    for (let index = 0; index < 3; index++) {
      await jobs.insert(newJob(`other-${index}`, { kind: 'batch', createdAt: at(50 + index) }))
    }
    expect(await importItems.failed()).toEqual({ total: count + 2, recent: RECENT_JOBS })
  })

  it('takes the newest import jobs by their ids when they began at the same time', async () => {
    const { catalog } = await freshLanguageOrdered()
    const { jobs, importItems } = catalog.repos
    // RECENT_JOBS + 1 imports made at once; the smallest id (the oldest in list order) is written last and failed most.
    const made = Array.from({ length: RECENT_JOBS + 1 }, (_, index) => `k${String(index).padStart(2, '0')}`).reverse()
    for (const id of made) {
      await jobs.insert(newJob(id, { kind: 'import', createdAt: at(1) }))
      await importItems.addItem(id, importItem(0, { outcome: 'failed' }), at(2))
      if (id === 'k00') {
        for (let seq = 1; seq < 5; seq++) await importItems.addItem(id, importItem(seq, { outcome: 'failed' }), at(2))
      }
    }
    expect(ids(await jobs.list({ kind: 'import', limit: RECENT_JOBS })).at(-1)).toBe('k01')
    expect(await importItems.failed()).toEqual({ total: RECENT_JOBS + 5, recent: RECENT_JOBS })
  })

  it('pages a batch’s outcomes failures first, then skipped, ran and cached, of every outcome or one', async () => {
    const { catalog } = await fresh()
    const { jobs, batchItems } = catalog.repos
    await jobs.insert(newJob('b1', { kind: 'batch' }))
    await jobs.insert(newJob('b2', { kind: 'batch' }))
    const order: BatchItem['outcome'][] = ['ran', 'failed', 'cached', 'skipped', 'ran', 'failed', 'cached', 'ran']
    const written = order.map((outcome, seq) => batchItem(seq, outcome))
    for (const item of [...written].reverse()) await batchItems.add('b1', item)
    await batchItems.add('b2', batchItem(0, 'failed'))
    await expect(batchItems.add('b1', batchItem(0, 'ran'))).rejects.toBeInstanceOf(UniqueViolation)
    await expect(batchItems.add('nope', batchItem(0, 'ran'))).rejects.toThrow(/foreign key/i)

    const seqs = (items: BatchItem[]) => items.map((item) => item.seq)
    const first = await batchItems.page('b1', { after: null, limit: 3 })
    expect(first).toEqual({
      items: [written[1], written[5], written[3]],
      nextCursor: { outcome: 'skipped', seq: 3 },
    })
    const second = await batchItems.page('b1', { after: first.nextCursor, limit: 3 })
    expect(seqs(second.items)).toEqual([0, 4, 7])
    expect(second.nextCursor).toEqual({ outcome: 'ran', seq: 7 })
    const third = await batchItems.page('b1', { after: second.nextCursor, limit: 3 })
    expect(third).toEqual({ items: [written[2], written[6]], nextCursor: null })
    expect(await batchItems.page('b1', { after: null, limit: 8 })).toMatchObject({ nextCursor: null })
    expect(seqs((await batchItems.page('b1', { after: null, limit: 8 })).items)).toEqual([1, 5, 3, 0, 4, 7, 2, 6])

    const ran = await batchItems.page('b1', { outcome: 'ran', after: null, limit: 2 })
    expect(ran).toEqual({ items: [written[0], written[4]], nextCursor: { outcome: 'ran', seq: 4 } })
    expect(await batchItems.page('b1', { outcome: 'ran', after: ran.nextCursor, limit: 2 })).toEqual({
      items: [written[7]],
      nextCursor: null,
    })
    expect(await batchItems.page('b1', { outcome: 'cached', after: null, limit: 2 })).toEqual({
      items: [written[2], written[6]],
      nextCursor: null,
    })
    expect(await batchItems.page('b2', { after: null, limit: 5 })).toEqual({
      items: [batchItem(0, 'failed')],
      nextCursor: null,
    })
    expect(await batchItems.page('nope', { after: null, limit: 5 })).toEqual({ items: [], nextCursor: null })
  })

  it('keeps a cancelled asset of a batch apart, after its failures and before what was skipped', async () => {
    const { catalog } = await fresh()
    const { jobs, batchItems } = catalog.repos
    await jobs.insert(newJob('b1', { kind: 'batch' }))
    const written = (['ran', 'cancelled', 'skipped', 'failed', 'cancelled'] as const).map((outcome, seq) =>
      batchItem(seq, outcome, { message: outcome === 'cancelled' ? 'Cancelled by Vera.' : null }),
    )
    for (const item of written) await batchItems.add('b1', item)
    const first = await batchItems.page('b1', { after: null, limit: 2 })
    expect(first).toEqual({ items: [written[3], written[1]], nextCursor: { outcome: 'cancelled', seq: 1 } })
    expect(await batchItems.page('b1', { after: first.nextCursor, limit: 5 })).toEqual({
      items: [written[4], written[2], written[0]],
      nextCursor: null,
    })
    expect(await batchItems.page('b1', { outcome: 'cancelled', after: null, limit: 5 })).toEqual({
      items: [written[1], written[4]],
      nextCursor: null,
    })
  })

  it('tells an asset’s sampled id, and the import that created it and the duplicates dropped onto it', async () => {
    const { sql, catalog } = await freshLanguageOrdered(['a1', 'a2'])
    const { jobs, importItems, provenance } = catalog.repos
    await sql.run("UPDATE videos SET sampled_id = 'V0123456789abcdef' WHERE id = 'a1'")
    expect(await provenance.sampledIdOf('a1')).toBe('V0123456789abcdef')
    expect(await provenance.sampledIdOf('a2')).toBeNull()
    expect(await provenance.sampledIdOf('nope')).toBeUndefined()

    const importJob = async (id: string, createdAt: string, params: unknown) => {
      await jobs.insert(newJob(id, { kind: 'import', createdAt, params }))
    }
    await importJob('imp-old', at(1), { source: 'paths', link: false, importedBy: 'ana' })
    // Its uploads as a push sends them: the one that made a1 with where it was first imported, another without.
    const pushed = { name: '/in/imp-new/3', sha256: 'ab12', origin: { importedAt: at(0), machine: 'edit-suite' } }
    const uploads = [pushed, { name: 'dropped.mp4', sha256: 'cd34' }]
    await importJob('imp-new', at(5), { source: 'upload', link: true, importedBy: 'ben', uploads })
    await importJob('dup-1', at(2), { source: 'paths', link: false, importedBy: 'cy' })
    // Stored without parameters (no text); `bare` below with JSON's null: both read as the defaults.
    await importJob('dup-none', at(3), undefined)
    // Two duplicates at the same time: by job id in code point order (Dup-B before dup-a), then by seq.
    await importJob('dup-a', at(4), { source: 'paths', link: false, importedBy: 'dee' })
    await importJob('Dup-B', at(4), { importedBy: 'eve' })
    await jobs.finish('imp-old', 'done', at(1), null)
    await jobs.finish('imp-new', 'failed', at(7), 'Stopped')

    const add = (jobId: string, seq: number, outcome: ImportItem['outcome'], finishedAt: string, assetId = 'a1') =>
      importItems.addItem(jobId, importItem(seq, { outcome, assetId, path: `/in/${jobId}/${seq}` }), finishedAt)
    // Created, deleted and brought in again: the newest creating item tells.
    await add('imp-old', 0, 'imported', at(1))
    await add('imp-new', 3, 'imported', at(6))
    await add('dup-1', 0, 'duplicate', at(2))
    await add('dup-none', 0, 'duplicate', at(3))
    await add('dup-a', 1, 'duplicate', at(4))
    await add('dup-a', 0, 'duplicate', at(4))
    await add('Dup-B', 0, 'duplicate', at(4))
    // Neither a failure naming it nor another asset's items count.
    await add('dup-1', 1, 'failed', at(9))
    await add('dup-1', 2, 'duplicate', at(9), 'a2')

    const duplicate = (jobId: string, seq: number, finishedAt: string, importedBy: string) => ({
      jobId,
      path: `/in/${jobId}/${seq}`,
      name: `file-${seq}.mp4`,
      sizeBytes: 100,
      at: finishedAt,
      importedBy,
    })
    const all = [
      duplicate('Dup-B', 0, at(4), 'eve'),
      duplicate('dup-a', 0, at(4), 'dee'),
      duplicate('dup-a', 1, at(4), 'dee'),
      duplicate('dup-none', 0, at(3), ''),
      duplicate('dup-1', 0, at(2), 'cy'),
    ]
    const job: ProvenanceJob = {
      id: 'imp-new',
      source: 'upload',
      link: true,
      importedBy: 'ben',
      createdAt: at(5),
      state: 'failed',
      path: '/in/imp-new/3',
      origins: [{ name: '/in/imp-new/3', sha256: 'ab12', machine: 'edit-suite' }],
    }
    expect(await provenance.importRecordsOf('a1', 10)).toEqual({ job, duplicates: { items: all, total: 5 } })
    expect(await provenance.importRecordsOf('a1', 2)).toEqual({ job, duplicates: { items: all.slice(0, 2), total: 5 } })
    expect(await provenance.importRecordsOf('a1', 0)).toEqual({ job, duplicates: { items: [], total: 5 } })
    // Only duplicates: no creating job; parameters missing read as their defaults.
    expect(await provenance.importRecordsOf('a2', 10)).toEqual({
      job: undefined,
      duplicates: { items: [duplicate('dup-1', 2, at(9), 'cy')], total: 1 },
    })
    await sql.run("DELETE FROM import_items WHERE job_id = 'imp-new'")
    expect((await provenance.importRecordsOf('a1', 1)).job).toEqual({
      id: 'imp-old',
      source: 'paths',
      link: false,
      importedBy: 'ana',
      createdAt: at(1),
      state: 'done',
      path: '/in/imp-old/0',
      origins: [],
    })
    await importJob('bare', at(8), null)
    await add('bare', 0, 'imported', at(8), 'a2')
    expect((await provenance.importRecordsOf('a2', 10)).job).toEqual({
      id: 'bare',
      source: 'paths',
      link: false,
      importedBy: '',
      createdAt: at(8),
      state: 'queued',
      path: '/in/bare/0',
      origins: [],
    })
    expect(await provenance.importRecordsOf('nope', 10)).toEqual({
      job: undefined,
      duplicates: { items: [], total: 0 },
    })
  })
})

// The tables a client follows change with the same topics on both engines: import items do; jobs and batch items,
// which go out as job events, do not; a job that ends changes the workflow runs it ends.
describe.each(ENGINES)('the changes jobs and their items make on %s', (dialect) => {
  it('names import items and the runs a job ends, not jobs or batch items', async () => {
    const { catalog, changes } = await followed(dialect)
    const { jobs, importItems, batchItems, workflows, workflowExecutions: runs } = catalog.repos
    await insertAssets(catalog.sql, ['a1'])
    await workflows.insert(WORKFLOW)
    await runs.insert(execution('run-1'))
    await changes()

    await jobs.insert(newJob('imp-1', { kind: 'import' }))
    await jobs.insert(newJob('run-job', { kind: 'comfy-run' }))
    expect(await changes()).toEqual([])
    await importItems.addItem('imp-1', importItem(0, { assetId: 'a1' }), at(2))
    expect(await changes()).toEqual([['import_items']])
    await batchItems.add('imp-1', batchItem(0, 'ran'))
    expect(await changes()).toEqual([])
    await runs.setJob(['run-1'], 'run-job')
    expect(await changes()).toEqual([['workflow_executions']])
    // Holding a job changes nothing a client shows: its start, lease renewals, a claim and a release.
    expect(await jobs.start('run-job', at(2), 'owner-a')).toMatchObject({ state: 'running' })
    expect(await jobs.renew(['run-job'], 'owner-a', LEASE + 1)).toEqual({ gone: [], cancelled: [] })
    const stored = (await jobs.unfinished()).find((job) => job.id === 'run-job')
    expect(await jobs.claim(stored!, holder('h-2'))).toBe(true)
    expect(await jobs.release('run-job', 'h-2', at(9))).toBe(true)
    expect(await changes()).toEqual([])
    await jobs.finish('run-job', 'failed', at(3), 'Stopped')
    expect(await changes()).toEqual([['workflow_executions']])
    // A job that goes takes its items along.
    await catalog.sql.run("DELETE FROM jobs WHERE id = 'imp-1'")
    expect(await changes()).toEqual([['import_items']])
  })
})

/**
 * A fresh catalogue on `dialect` whose changes are followed: `changes()` gives the topics of each change since it was
 * last asked, sorted (a library's change feed's, a hub's change log's rows).
 */
async function followed(dialect: SqlDialect): Promise<{
  catalog: Catalog & { sql: SqlEngine }
  changes: () => Promise<string[][]>
}> {
  if (dialect === 'postgres') {
    const sql = await freshEngine(dialect)
    let seen = 0
    return {
      catalog: { ...createCatalog(sql), sql },
      async changes() {
        const rows = await sql.all<{ seq: number; tables: string }>(
          'SELECT seq, tables FROM change_log WHERE seq > ? ORDER BY seq',
          [seen],
        )
        seen = rows.at(-1)?.seq ?? seen
        return rows.map((row) => (JSON.parse(row.tables) as string[]).sort())
      },
    }
  }
  const { db } = openDatabase(path.join(tempDir(), 'library.db'), libraryMigrations)
  onTestFinished(() => void db.close())
  const reported: ChangeTopic[][] = []
  const bus = createEventBus()
  bus.subscribe((event) => {
    if (event.name === 'library:changed') reported.push([...event.payload.tables].sort())
  })
  const feed = createChangeFeed(db, bus)
  onTestFinished(() => feed.close())
  const sql = sqliteEngine(db)
  return {
    catalog: { ...createCatalog(sql), sql },
    changes: async () => {
      feed.flush()
      return reported.splice(0)
    },
  }
}
