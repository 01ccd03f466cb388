import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { Job, JobKind, JobProgress } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { createJobsRepo } from '../../main/db/repos/jobs'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import type { JobContext } from '../../main/jobs/job-handler'
import type { JobSignals } from '../../main/jobs/job-signals'
import { harnessRunner, memorySignals, type TestWork } from '../helpers/job-runner-harness'
import { tempDir } from '../helpers/temp-dir'

const LEASE_MS = 300
const KINDS: JobKind[] = ['similar-hash', 'verify']
const HASHED = { counts: { hashed: 1, failed: 0 } }

/** What runners of one shared queue see: the jobs they were told of, by id, and the progress they heard. */
function watcher() {
  const told = new Map<string, Job[]>()
  const progress: Array<{ jobId: string; progress: JobProgress }> = []
  return {
    told,
    progress,
    listeners: {
      updated: (job: Job) => told.set(job.id, [...(told.get(job.id) ?? []), job]),
      progress: (jobId: string, _kind: JobKind, reported: JobProgress) => progress.push({ jobId, progress: reported }),
    },
  }
}

/**
 * Runners over one library database, each on a connection of its own as another process would have, sharing a queue
 * of KINDS: `claims` says which of those each claims. Each job's work is looked up by id in `works` (set by the test
 * once it knows the id), else `fallback`.
 */
async function sharedRunners(claims: JobKind[][], fallback?: TestWork, followsOthers: boolean[] = []) {
  const dir = tempDir()
  await openLibrary(dir).close()
  const signals = memorySignals()
  const works = new Map<string, TestWork>()
  const runners = claims.map((claimed, at) => {
    const db = new Database(`${dir}/library.db`)
    const seen = watcher()
    const runner = harnessRunner(
      createJobsRepo(sqliteEngine(db)),
      seen.listeners,
      1,
      {},
      {
        leaseMs: LEASE_MS,
        queue: {
          kinds: KINDS,
          claims: claimed,
          attempts: 2,
          signals: signals as JobSignals,
          followsOthers: followsOthers[at],
        },
        takenOver: (context) => (works.get(context.jobId) ?? fallback!)(context),
      },
    )
    onTestFinished(async () => {
      await runner.close()
      db.close()
    })
    return { runner, seen, db }
  })
  return { runners, works, signals, dir }
}

const start = (runner: ReturnType<typeof harnessRunner>) =>
  runner.real.start('similar-hash', { total: 1 }, { title: 'hash', requestedBy: 'ada' })

const holderOf = (db: Database.Database, id: string) =>
  db.prepare('SELECT owner_id AS owner, attempts, requested_by AS person FROM jobs WHERE id = ?').get(id) as {
    owner: string | null
    attempts: number
    person: string | null
  }

/** Work that reports progress, then waits until `release()` or its abort. */
function gated() {
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  const seen = { starts: 0, aborted: false }
  const work: TestWork = async (context: JobContext<unknown>) => {
    seen.starts += 1
    context.progress(0.5, 'halfway')
    const aborted = new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()))
    await Promise.race([released, aborted])
    if (context.signal.aborted) {
      seen.aborted = true
      context.signal.throwIfAborted()
    }
    return HASHED
  }
  return { work, release, seen }
}

describe('a shared job queue', () => {
  it('is idle for a kind once a job it started and claims itself has run, not while its claim is under way', async () => {
    let ran = 0
    const { runners } = await sharedRunners([['similar-hash']], async () => {
      ran += 1
      return HASHED
    })
    const [own] = runners
    const job = await start(own!.runner)
    await own!.runner.real.idle(['similar-hash'])
    expect(ran).toBe(1)
    expect(holderOf(own!.db, job.id).owner).not.toBeNull()
  })

  it('leaves a job of its kinds waiting for a runner that claims it, which every runner then tells of', async () => {
    const { runners, works } = await sharedRunners([[], ['similar-hash']])
    const [asker, worker] = runners
    const gate = gated()
    const job = await start(asker!.runner)
    works.set(job.id, gate.work)
    expect(job.state).toBe('queued')
    expect(holderOf(asker!.db, job.id).person).toBe('ada')
    await expect.poll(() => gate.seen.starts).toBe(1)
    expect(worker!.runner.active().map((one) => one.id)).toEqual([job.id])
    expect(asker!.runner.active()).toEqual([])
    // The runner that did not claim it hears of its progress and shows it on the job.
    await expect.poll(() => asker!.seen.progress.map((one) => one.progress.doing)).toContain('halfway')
    expect((await asker!.runner.get(job.id)).progress).toMatchObject({ fraction: 0.5, doing: 'halfway' })
    gate.release()
    await expect.poll(async () => (await asker!.runner.get(job.id)).state).toBe('done')
    await expect.poll(() => asker!.seen.told.get(job.id)?.at(-1)?.state).toBe('done')
    expect((await asker!.runner.get(job.id)).progress).toBeNull()
    expect(holderOf(asker!.db, job.id)).toMatchObject({ owner: expect.stringContaining(':'), attempts: 1 })
  })

  it('a runner that follows no one else (a worker) hears nothing of the others’ jobs but those it waits for', async () => {
    const { runners, works } = await sharedRunners([[], ['similar-hash'], ['similar-hash']], undefined, [
      true,
      false,
      false,
    ])
    const [hub, ...workers] = runners
    const gate = gated()
    const job = await start(hub!.runner)
    works.set(job.id, gate.work)
    await expect.poll(() => gate.seen.starts).toBe(1)
    const [holder, other] = workers[0]!.runner.active().length === 1 ? workers : [workers[1]!, workers[0]!]
    // The other worker waits for this one job: it alone is read there (as it changes: its start may be told after
    // the wait began, as the news of a start waits 50 ms), never its progress.
    let ended = false
    void other!.runner.settled(job.id).then(() => (ended = true))
    await expect.poll(() => hub!.seen.progress.length).toBeGreaterThan(0)
    gate.release()
    await expect.poll(() => hub!.seen.told.get(job.id)?.at(-1)?.state).toBe('done')
    await expect.poll(() => ended).toBe(true)
    expect(holder!.seen.told.get(job.id)?.at(-1)?.state).toBe('done')
    expect(other!.seen.told.get(job.id)?.at(-1)?.state).toBe('done')
    expect(other!.seen.progress).toEqual([])
    // A job it does not wait for: not one read of it.
    const second = await start(hub!.runner)
    works.set(second.id, async () => HASHED)
    await expect.poll(() => hub!.seen.told.get(second.id)?.at(-1)?.state).toBe('done')
    // Its holder told itself; the other worker was told nothing.
    const toldTo = workers.map((worker) => worker.seen.told.get(second.id)?.at(-1)?.state)
    expect(toldTo.sort()).toEqual(['done', undefined])
  })

  it('tells which runners claim from it, what they run, and how many jobs wait', async () => {
    const { runners, works } = await sharedRunners([[], ['similar-hash'], ['verify']])
    const [asker, hasher, verifier] = runners
    const gate = gated()
    const job = await start(asker!.runner)
    works.set(job.id, gate.work)
    await expect.poll(() => gate.seen.starts).toBe(1)
    await start(asker!.runner)
    const hasherId = holderOf(asker!.db, job.id).owner!
    // Each runner that claims tells it is there at its beats; the asker claims nothing and is no worker.
    await expect
      .poll(async () => (await asker!.runner.queue()).workers.map((one) => [one.kinds, one.running]).sort())
      .toEqual([
        [['similar-hash'], 1],
        [['verify'], 0],
      ])
    const queue = await asker!.runner.queue()
    expect(queue).toMatchObject({ shared: true, kinds: KINDS, waiting: 1 })
    expect(queue.workers.find((one) => one.kinds[0] === 'similar-hash')).toMatchObject({
      id: hasherId,
      pid: process.pid,
      concurrency: 1,
    })
    expect(queue.rerunnable).toContain('similar-hash')
    // One that closes has gone at once.
    await verifier!.runner.close()
    await expect.poll(async () => (await asker!.runner.queue()).workers.length).toBe(1)
    expect((await hasher!.runner.queue()).workers.map((one) => one.id)).toEqual([hasherId])
    gate.release()
  })

  it('leaves a job waiting while no runner claims its kind', async () => {
    const { runners } = await sharedRunners([['verify'], ['verify']], async () => HASHED)
    const [first] = runners
    const job = await start(first!.runner)
    await new Promise((resolve) => setTimeout(resolve, 3 * LEASE_MS))
    // Still waiting as it was asked for: no runner took it for lost.
    expect(await first!.runner.get(job.id)).toMatchObject({ state: 'queued', error: null })
    expect(holderOf(first!.db, job.id).owner).toBeNull()
  })

  it('cancels from any runner: a waiting job at once, a running one by its holder', async () => {
    const { runners, works } = await sharedRunners([[], ['similar-hash']])
    const [asker] = runners
    const gate = gated()
    const running = await start(asker!.runner)
    works.set(running.id, gate.work)
    await expect.poll(() => gate.seen.starts).toBe(1)
    const waiting = await start(asker!.runner)
    expect((await asker!.runner.cancel(waiting.id)).state).toBe('cancelled')
    const cancelled = await asker!.runner.cancel(running.id)
    expect(cancelled.state).toBe('cancelled')
    expect(gate.seen.aborted).toBe(true)
  })

  it('queues a job whose runner vanished again, up to its attempts, then fails it in words; a retry runs it again', async () => {
    const { runners, works } = await sharedRunners([['similar-hash'], ['similar-hash']])
    const [first, second] = runners
    const gates = [gated(), gated(), gated()]
    let started = 0
    const job = await start(first!.runner)
    works.set(job.id, (context) => gates[started++]!.work(context))
    await expect.poll(() => started).toBe(1)
    // Its holder vanishes (a machine gone: its lease runs out, never renewed): a runner queues it again and one runs it.
    const vanish = () =>
      first!.db
        .prepare("UPDATE jobs SET owner_id = 'gone:1:x', owner_host = 'gone', lease_until = 1 WHERE id = ?")
        .run(job.id)
    vanish()
    await expect.poll(() => started, { timeout: 5_000 }).toBe(2)
    expect(holderOf(first!.db, job.id).attempts).toBe(2)
    expect((await second!.runner.get(job.id)).error).toMatch(
      /^Its worker \(gone:1:x\) stopped before this job finished; it waits/,
    )
    vanish()
    await expect.poll(async () => (await second!.runner.get(job.id)).state, { timeout: 5_000 }).toBe('failed')
    expect((await second!.runner.get(job.id)).error).toMatch(
      /stopped before this job finished, and it was tried as many times/,
    )
    expect(started).toBe(2)
    const retried = await second!.runner.retry(job.id)
    expect(retried).toMatchObject({ state: 'queued', error: null })
    await expect.poll(() => started).toBe(3)
    gates[2]!.release()
    await expect.poll(async () => (await first!.runner.get(job.id)).state).toBe('done')
    await expect(first!.runner.retry(job.id)).rejects.toThrow(/only those are retried/)
  })

  it('stops the work of a job another runner took over at its next check, writing nothing of it', async () => {
    const { runners, works, dir } = await sharedRunners([['similar-hash']])
    const [only] = runners
    let check: Promise<void> | undefined
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    const job = await start(only!.runner)
    works.set(job.id, async (context) => {
      await released
      check = context.held()
      await check
      return HASHED
    })
    await expect.poll(() => holderOf(only!.db, job.id).owner).not.toBeNull()
    // Another process takes the job over between two beats of its holder.
    const other = new Database(`${dir}/library.db`)
    onTestFinished(() => void other.close())
    other
      .prepare("UPDATE jobs SET owner_id = 'elsewhere', lease_until = ? WHERE id = ?")
      .run(Date.now() + 60_000, job.id)
    release()
    await expect.poll(() => check !== undefined).toBe(true)
    await expect(check).rejects.toThrow('Another Framevault process took this job over.')
    // Its work stopped, it holds nothing; the job stays the other's.
    await expect.poll(() => only!.runner.active()).toEqual([])
    expect(other.prepare('SELECT state, owner_id AS owner FROM jobs WHERE id = ?').get(job.id)).toEqual({
      state: 'running',
      owner: 'elsewhere',
    })
  })
})
