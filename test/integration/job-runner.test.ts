import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import type { EventPayload, HealthResult, Job, JobKind, JobParams } from '../../shared/contract'
import { createJobsRepo } from '../../main/db/repos/jobs'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import type { JobContext } from '../../main/jobs/job-handler'
import { call } from '../helpers/browse'
import { harnessRunner, holderOf, type TestHints, type TestSpec } from '../helpers/job-runner-harness'
import { testLibrary } from '../helpers/library'

/** A promise with its resolve and reject in hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: Error) => void
  const promise = new Promise<T>((yes, no) => {
    resolve = yes
    reject = no
  })
  return { promise, resolve, reject }
}

// Parameters of each kind, as its services store them.
const PARAMS: { [K in JobKind]: JobParams<K> } = {
  import: { source: 'paths', link: false, importedBy: 'test' },
  analysis: { analyzer: 'scenes', config: { threshold: 0.4 }, configHash: 'c1', force: false },
  processing: { action: 'proxy', config: {}, configHash: 'c2', force: false },
  verify: { folder: null },
  relink: { folder: '/elsewhere' },
  'history-import': { historyPath: '/h.json', outputDir: '/out' },
  batch: {
    work: { kind: 'analysis', analyzer: 'black', config: {}, configHash: 'c3', force: false },
    target: { by: 'ids' },
    total: 2,
  },
  'similar-hash': { total: 3 },
  'comfy-run': { server: 'http://127.0.0.1:8188', workflowId: 'w1', sourceExecutionId: null, executionIds: ['e1'] },
  'pipeline-run': { executionId: 'e2', kind: 'initial', stages: ['frames'], fromCheckpointId: null },
  'pipeline-stage': { executionId: 'e2', stage: 'frames', fromCheckpointId: null },
  'pipeline-text': { executionId: 'e2', stage: 'text', fromCheckpointId: 4 },
  'checkpoint-delete': { of: 'prune', timelineId: 1, keep: 3 },
  push: { origin: 'http://127.0.0.1:8080', collections: 'all' },
  thumbnails: { importJobId: '6f1c0f84-7a4e-4a53-9d4d-2b1f3c4d5e6f' },
  'sidecar-pairing': { importJobId: '6f1c0f84-7a4e-4a53-9d4d-2b1f3c4d5e6f' },
  'near-duplicate-set': {},
}

/** A job of `kind` with the parameters its service stores. */
function spec<K extends JobKind>(kind: K, title: string, more: Partial<TestSpec<K>> = {}): TestSpec<K> {
  return { kind, title, params: PARAMS[kind] as JobParams<K>, ...more }
}

/** A health job's result told apart by `marker` (its `unlisted` count). */
function healthResult(marker: number): HealthResult {
  const counts = { ok: 0, changed: 0, missing: 0, failed: 0, skipped: 0, relinked: 0, copied: 0, present: 0 }
  return { files: { done: 0, total: null }, bytes: { done: 0, total: null }, counts, items: [], unlisted: marker }
}

/** The markers of health jobs' stored results. */
function markers(runner: { get(id: string): Promise<Job> }, jobs: Job[]): Promise<Array<number | undefined>> {
  return Promise.all(
    jobs.map(async (job) => {
      const stored = await runner.get(job.id)
      return stored.kind === 'verify' || stored.kind === 'relink' ? stored.result?.unlisted : undefined
    }),
  )
}

/** The states of jobs as stored now. */
function states(runner: { get(id: string): Promise<Job> }, jobs: Job[]): Promise<Job['state'][]> {
  return Promise.all(jobs.map(async (job) => (await runner.get(job.id)).state))
}

/** A runner over a test library's jobs table, recording what it tells its listeners. */
function recordedRunner(concurrency: number, hints: TestHints = {}) {
  const lib = testLibrary()
  const updates: Job[] = []
  const progress: Array<EventPayload<'job:progress'>> = []
  const runner = harnessRunner(
    lib.catalog.repos.jobs,
    {
      updated: (job) => updates.push(job),
      progress: (jobId, kind, figures) => progress.push({ jobId, kind, ...figures }),
    },
    concurrency,
    hints,
  )
  return { lib, runner, updates, progress }
}

/** Work that waits until released, noting the context it ran with. */
function heldWork() {
  const release = deferred<HealthResult>()
  const started = deferred<JobContext<HealthResult>>()
  const work = async (context: JobContext<HealthResult>) => {
    started.resolve(context)
    context.signal.addEventListener('abort', () => release.reject(new Error('aborted')))
    return release.promise
  }
  return { release, started, work }
}

describe('the job runner', () => {
  it('runs a job through queued, running and done, storing its result and telling every change', async () => {
    const { runner, updates } = recordedRunner(1)
    const job = await runner.start(
      spec('verify', 'Verify a.mp4', { assetId: 'A1', params: { folder: '/a' } }),
      async () => healthResult(7),
    )
    // Returned as stored, queued; nothing else is queued, so it runs at once.
    expect(job).toMatchObject({ state: 'queued', kind: 'verify', assetId: 'A1', params: { folder: '/a' } })
    await runner.settled(job.id)
    expect(updates.map((update) => update.state)).toEqual(['queued', 'running', 'done'])
    expect(await runner.get(job.id)).toMatchObject({
      state: 'done',
      result: healthResult(7),
      error: null,
      progress: null,
    })
    expect((await runner.get(job.id)).finishedAt).not.toBeNull()
  })

  it('runs at most `concurrency` jobs at once, the rest in the order they came', async () => {
    const { runner } = recordedRunner(2)
    const held = [heldWork(), heldWork(), heldWork()]
    const jobs = await Promise.all(held.map((h, i) => runner.start(spec('verify', `job ${i}`), h.work)))
    await Promise.all([held[0]!.started.promise, held[1]!.started.promise])
    expect(await states(runner, jobs)).toEqual(['running', 'running', 'queued'])
    held[1]!.release.resolve(healthResult(2))
    await held[2]!.started.promise
    expect((await runner.get(jobs[2]!.id)).state).toBe('running')
    held[0]!.release.resolve(healthResult(1))
    held[2]!.release.resolve(healthResult(3))
    await Promise.all(jobs.map((job) => runner.settled(job.id)))
    expect(await markers(runner, jobs)).toEqual([1, 2, 3])
  })

  it('fails a job whose work throws, with its message, and goes on with the next', async () => {
    const { runner } = recordedRunner(1)
    const bad = await runner.start(spec('verify', 'bad'), async () => {
      throw new Error('ffmpeg exited with code 1: no video stream')
    })
    const good = await runner.start(spec('verify', 'good'), async () => healthResult(1))
    await runner.settled(good.id)
    expect(await runner.get(bad.id)).toMatchObject({
      state: 'failed',
      error: 'ffmpeg exited with code 1: no video stream',
    })
    expect(await runner.get(good.id)).toMatchObject({ state: 'done', result: healthResult(1) })
  })

  it('cancels a queued job without running it, and a running one through its signal, waiting until it stopped', async () => {
    const { runner } = recordedRunner(1)
    const first = heldWork()
    let secondRan = false
    const running = await runner.start(spec('verify', 'long'), first.work)
    const queued = await runner.start(spec('verify', 'next'), async () => {
      secondRan = true
      return healthResult(0)
    })
    const context = await first.started.promise
    expect((await runner.cancel(queued.id)).state).toBe('cancelled')
    const cancelled = await runner.cancel(running.id)
    expect(context.signal.aborted).toBe(true)
    expect(cancelled).toMatchObject({ state: 'cancelled', error: null })
    expect(secondRan).toBe(false)
  })

  it('cancels a job taken from the queue before its row says running, without running its work', async () => {
    const lib = testLibrary()
    const stored = lib.catalog.repos.jobs
    const gate = deferred()
    // Its row is marked running only once the gate opens: the cancel comes in between.
    const repo = {
      ...stored,
      start: async (...args: Parameters<typeof stored.start>) => (await gate.promise, stored.start(...args)),
    }
    const runner = harnessRunner(repo, { updated: () => {}, progress: () => {} }, 1)
    let ran = false
    const job = await runner.start(spec('verify', 'cancelled early'), async () => {
      ran = true
      return healthResult(0)
    })
    const cancelling = runner.cancel(job.id)
    gate.resolve()
    expect(await cancelling).toMatchObject({ state: 'cancelled', error: null })
    expect(ran).toBe(false)
  })

  it('sends progress at most once a tick, clamped to 0–1, and shows it on the running job', async () => {
    const { runner, progress } = recordedRunner(1)
    const held = heldWork()
    const job = await runner.start(spec('verify', 'p'), held.work)
    const context = await held.started.promise
    context.progress(0.2, 'decoding')
    context.progress(0.4, 'decoding')
    context.progress(1.7, 'writing')
    const last = { fraction: 1, doing: 'writing', files: null, bytes: null }
    expect((await runner.get(job.id)).progress).toEqual(last)
    await new Promise((resolve) => setTimeout(resolve, 250))
    // Three reports in one tick went out as one event: the last.
    expect(progress).toEqual([{ jobId: job.id, kind: 'verify', ...last }])
    held.release.resolve(healthResult(0))
    await runner.settled(job.id)
    expect((await runner.get(job.id)).progress).toBeNull()
  })

  it('sends the figures a job ended on before its end, though no tick came between', async () => {
    const { runner, progress, updates } = recordedRunner(1)
    const order: string[] = []
    const job = await runner.start(spec('verify', 'quick'), async (context) => {
      context.progress(0.5, 'a.mp4', { files: { done: 1, total: 2 }, bytes: { done: 10, total: 20 } })
      context.progress(1, undefined, { files: { done: 2, total: 2 }, bytes: { done: 20, total: 20 } })
      // No tick comes while it runs: the one event below is what goes out at its end.
      order.push(`progress events so far: ${progress.length}`)
      return healthResult(0)
    })
    await runner.settled(job.id)
    expect(progress).toEqual([
      {
        jobId: job.id,
        kind: 'verify',
        fraction: 1,
        doing: null,
        files: { done: 2, total: 2 },
        bytes: { done: 20, total: 20 },
      },
    ])
    expect(order).toEqual(['progress events so far: 0'])
    expect(updates.at(-1)).toMatchObject({ id: job.id, state: 'done', progress: null })
  })

  it('runs jobs sharing an exclusive key one at a time, letting others pass the one that waits', async () => {
    // Relinks share a key, verifies do not.
    const { runner } = recordedRunner(3, { relink: { exclusive: 'disk' } })
    const held = [heldWork(), heldWork(), heldWork()]
    const first = await runner.start(spec('relink', 'disk 1'), held[0]!.work)
    const second = await runner.start(spec('relink', 'disk 2'), held[1]!.work)
    const other = await runner.start(spec('verify', 'cpu'), held[2]!.work)
    await Promise.all([held[0]!.started.promise, held[2]!.started.promise])
    // Three may run, but the second shares the first's key: it waits, and the one behind it runs.
    expect(await states(runner, [first, second, other])).toEqual(['running', 'queued', 'running'])
    held[0]!.release.resolve(healthResult(1))
    await held[1]!.started.promise
    expect((await runner.get(second.id)).state).toBe('running')
    held[1]!.release.resolve(healthResult(2))
    held[2]!.release.resolve(healthResult(3))
    await Promise.all([first, second, other].map((job) => runner.settled(job.id)))
    expect(await markers(runner, [first, second, other])).toEqual([1, 2, 3])
  })

  it('stores what a job kept when it is cancelled or fails, and a resolved value over it', async () => {
    const { runner } = recordedRunner(2)
    const found = healthResult(0)
    const held = heldWork()
    const cancelled = await runner.start(spec('verify', 'kept on cancel'), async (context) => {
      context.keep(found)
      found.unlisted = 3
      // Stops as work does once aborted: resolves with nothing of its own.
      return (await held.work(context).catch(() => undefined)) as HealthResult
    })
    const failed = await runner.start(spec('verify', 'kept on failure'), async (context) => {
      context.keep(healthResult(1))
      throw new Error('disk gone')
    })
    await held.started.promise
    await runner.cancel(cancelled.id)
    await runner.settled(failed.id)
    expect(await runner.get(cancelled.id)).toMatchObject({ state: 'cancelled', result: { unlisted: 3 } })
    expect(await runner.get(failed.id)).toMatchObject({ state: 'failed', error: 'disk gone', result: { unlisted: 1 } })
    const replaced = await runner.start(spec('verify', 'resolved'), async (context) => {
      context.keep(healthResult(1))
      return healthResult(2)
    })
    await runner.settled(replaced.id)
    expect(await runner.get(replaced.id)).toMatchObject({ state: 'done', result: { unlisted: 2 } })
  })

  it('runs an uncounted job beside full places, still one at a time with its exclusive key', async () => {
    // Relinks are uncounted and share a key, verifies are counted.
    const { runner } = recordedRunner(1, { relink: { uncounted: true, exclusive: 'nested' } })
    const held = [heldWork(), heldWork(), heldWork()]
    const counted = await runner.start(spec('verify', 'holds the one place'), held[0]!.work)
    const first = await runner.start(spec('relink', 'nested 1'), held[1]!.work)
    const second = await runner.start(spec('relink', 'nested 2'), held[2]!.work)
    await Promise.all([held[0]!.started.promise, held[1]!.started.promise])
    expect(await states(runner, [counted, first, second])).toEqual(['running', 'running', 'queued'])
    held[1]!.release.resolve(healthResult(1))
    await held[2]!.started.promise
    held[0]!.release.resolve(healthResult(0))
    held[2]!.release.resolve(healthResult(2))
    await Promise.all([counted, first, second].map((job) => runner.settled(job.id)))
    expect(await markers(runner, [counted, first, second])).toEqual([0, 1, 2])
  })

  it("reads a stored result that is not its kind's as null, and leaves out a job whose parameters are not", async () => {
    const { lib, runner } = recordedRunner(1)
    const stamp = '2026-11-21T10:00:00.000Z'
    const holder = holderOf(process.pid)
    const odd = crypto.randomUUID()
    await lib.catalog.repos.jobs.insert({
      id: odd,
      kind: 'verify',
      title: 'old',
      assetId: null,
      params: { folder: null },
      createdAt: stamp,
      holder,
    })
    await lib.catalog.repos.jobs.finish(odd, 'done', stamp, null, { checked: 3 })
    const unreadable = crypto.randomUUID()
    await lib.catalog.repos.jobs.insert({
      id: unreadable,
      kind: 'verify',
      title: 'odd',
      assetId: null,
      params: 7,
      createdAt: stamp,
      holder,
    })
    expect(await runner.get(odd)).toMatchObject({ state: 'done', result: null })
    expect((await runner.list({ limit: 10 })).map((job) => job.id)).toEqual([odd])
    await expect(runner.get(unreadable)).rejects.toThrow(/cannot be read/)
  })

  it('fails the unfinished jobs of a process that is gone when a runner starts, and keeps those of a live one', async () => {
    const { lib } = recordedRunner(1)
    const repo = lib.catalog.repos.jobs
    const stamp = '2026-11-21T10:00:00.000Z'
    await repo.insert({
      id: crypto.randomUUID(),
      kind: 'analysis',
      title: 'gone',
      assetId: null,
      params: PARAMS.analysis,
      createdAt: stamp,
      holder: holderOf(2 ** 22 + 1),
    })
    const live = crypto.randomUUID()
    await repo.insert({
      id: live,
      kind: 'analysis',
      title: 'live',
      assetId: null,
      params: PARAMS.analysis,
      createdAt: stamp,
      holder: holderOf(process.pid),
    })
    // Another connection, as a second process opening the library.
    const other = new Database(lib.sqlite.path)
    const second = harnessRunner(createJobsRepo(sqliteEngine(other)), { updated: () => {}, progress: () => {} }, 1)
    await second.close()
    const stored = other.prepare('SELECT title, state, error FROM jobs ORDER BY title').all()
    other.close()
    expect(stored).toEqual([
      { title: 'gone', state: 'failed', error: 'Framevault stopped before this job finished.' },
      { title: 'live', state: 'queued', error: null },
    ])
    // A job another process runs cannot be cancelled from this one.
    await expect(lib.jobs.cancel(live)).rejects.toThrow(/another Framevault process/)
  })

  it('leaves a job queued while it closes (a follow-up of a job the close stopped) for the next runner, which runs it', async () => {
    const { lib, runner } = recordedRunner(1, { thumbnails: { retryable: true } })
    await runner.close()
    const work = vi.fn(async () => ({ made: 1, failed: 0 }))
    const queued = await runner.start(spec('thumbnails', 'late follow-up'), work)
    expect(queued.state).toBe('queued')
    const stored = lib.sqlite.db.prepare('SELECT owner_id AS owner, state FROM jobs WHERE id = ?').get(queued.id)
    expect(stored).toEqual({ owner: null, state: 'queued' })
    // The next process to open the library takes it over and runs it.
    const next = harnessRunner(
      lib.catalog.repos.jobs,
      { updated: () => {}, progress: () => {} },
      1,
      {
        thumbnails: { retryable: true },
      },
      { takenOver: work },
    )
    await next.swept
    await next.settled(queued.id)
    expect(await next.get(queued.id)).toMatchObject({ state: 'done', result: { made: 1, failed: 0 } })
    expect(work).toHaveBeenCalledTimes(1)
    await next.close()
  })

  it('goes on when the catalogue fails as a job ends: the job is left to its lease, the next one runs', async () => {
    const lib = testLibrary()
    const real = lib.catalog.repos.jobs
    let failures = 1
    // The catalogue refuses one write (a hub restarted, its worker's password changed): no unhandled rejection.
    const repo = {
      ...real,
      finish: (...args: Parameters<typeof real.finish>) =>
        failures-- > 0 ? Promise.reject(new Error('password authentication failed')) : real.finish(...args),
    }
    const runner = harnessRunner(repo, { updated: () => {}, progress: () => {} }, 1)
    const first = await runner.start(spec('verify', 'lost end'), async () => healthResult(1))
    await runner.settled(first.id)
    expect((await runner.get(first.id)).state).toBe('running')
    const second = await runner.start(spec('verify', 'next'), async () => healthResult(2))
    await runner.settled(second.id)
    expect(await runner.get(second.id)).toMatchObject({ state: 'done', result: { unlisted: 2 } })
    await runner.close()
  })

  it('answers jobs:list, jobs:get and jobs:cancel over the contract, and close cancels what runs', async () => {
    // The library's channels over a runner whose jobs run the test's work.
    const recorded = recordedRunner(1)
    const lib = { ...recorded.lib, jobs: recorded.runner.real }
    const held = heldWork()
    const job = await recorded.runner.start(spec('verify', 'Loudness of b.wav', { assetId: 'B2' }), held.work)
    await held.started.promise
    const listed = await call<{ jobs: Job[] }>(lib, 'jobs:list', { assetId: 'B2' })
    expect(listed.jobs.map((j) => [j.id, j.state])).toEqual([[job.id, 'running']])
    expect((await call<{ jobs: Job[] }>(lib, 'jobs:list', { kind: 'processing' })).jobs).toEqual([])
    expect((await call<{ job: Job }>(lib, 'jobs:get', { jobId: job.id })).job.title).toBe('Loudness of b.wav')
    const other = await recorded.runner.start(spec('verify', 'second'), heldWork().work)
    expect((await call<{ job: Job }>(lib, 'jobs:cancel', { jobId: job.id })).job.state).toBe('cancelled')
    await lib.jobs.close()
    expect((await lib.jobs.get(other.id)).state).toBe('cancelled')
  })
})
