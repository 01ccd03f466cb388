import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { JobKind } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { createJobsRepo } from '../../main/db/repos/jobs'
import { sqliteEngine } from '../../main/db/sql/sqlite-engine'
import type { JobContext } from '../../main/jobs/job-handler'
import { harnessRunner, type TestWork } from '../helpers/job-runner-harness'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const quiet = { updated: () => {}, progress: () => {} }
const LEASE_MS = 300

/** A library folder's database on a connection of its own, as another process would open it. */
function connection(dir: string) {
  const db = new Database(`${dir}/library.db`)
  return { db, repo: createJobsRepo(sqliteEngine(db)) }
}

/** Work that runs until its job is aborted, counting its starts and noting the abort. */
function untilAborted() {
  const seen = { starts: 0, aborted: false }
  const work: TestWork = (context: JobContext<unknown>) => {
    seen.starts += 1
    return new Promise((resolve) =>
      context.signal.addEventListener('abort', () => {
        seen.aborted = true
        resolve({ counts: { hashed: 99, failed: 0 } })
      }),
    )
  }
  return { seen, work }
}

/** A test library's folder, migrated and closed, with an unfinished job of `kind` held by a runner of its own. */
async function heldJob(kind: JobKind, params: unknown) {
  const dir = tempDir()
  await openLibrary(dir).close()
  const holder = connection(dir)
  const held = untilAborted()
  const runner = harnessRunner(holder.repo, quiet, 1, { 'similar-hash': { retryable: true } }, { leaseMs: LEASE_MS })
  const job = await runner.start({ kind, title: `held ${kind}`, params } as never, held.work)
  return { dir, holder, runner, held, job }
}

const row = (db: Database.Database, id: string) =>
  db.prepare('SELECT state, error, result, owner_id AS ownerId FROM jobs WHERE id = ?').get(id) as {
    state: string
    error: string | null
    result: string | null
    ownerId: string
  }

describe('job leases', () => {
  it('refuses to start a kind without a handler, storing nothing', async () => {
    const lib = testLibrary()
    await expect(lib.jobs.start('transcode' as JobKind, { total: 1 } as never, { title: 'x' })).rejects.toThrow(
      'No job kind "transcode".',
    )
    await expect(lib.jobs.start('similar-hash', { total: -1 }, { title: 'x' })).rejects.toThrow(
      /Parameters of a similar-hash job/,
    )
    expect(await lib.jobs.list({ limit: 10 })).toEqual([])
  })

  it('runs a retryable job whose lease expired again in exactly one other runner; the old holder writes nothing', async () => {
    const { dir, holder, runner, held, job } = await heldJob('similar-hash', { total: 2 })
    await expect.poll(() => held.seen.starts).toBe(1)
    // The holder stops renewing (as a stopped process would): its lease runs out.
    holder.db.prepare('UPDATE jobs SET lease_until = 0 WHERE id = ?').run(job.id)
    const rerun = { starts: 0 }
    const takenOver: TestWork = async () => {
      rerun.starts += 1
      return { counts: { hashed: 2, failed: 0 } }
    }
    // Two other processes sweep at once: one conditional update decides which runs it.
    const others = [connection(dir), connection(dir)]
    const runners = others.map((other) =>
      harnessRunner(other.repo, quiet, 1, { 'similar-hash': { retryable: true } }, { leaseMs: 60_000, takenOver }),
    )
    await Promise.all(runners.map((other) => other.swept))
    await Promise.all(runners.map((other) => other.settled(job.id)))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(rerun.starts).toBe(1)
    const after = row(holder.db, job.id)
    expect(after).toMatchObject({ state: 'done', error: null })
    expect(JSON.parse(after.result!)).toEqual({ counts: { hashed: 2, failed: 0 } })
    // The old holder's next beat finds the job gone: its work is aborted and its end is not stored.
    await runner.settled(job.id)
    expect(held.seen.aborted).toBe(true)
    expect(row(holder.db, job.id)).toEqual(after)
    await Promise.all([runner, ...runners].map((one) => one.close()))
    for (const one of [holder, ...others]) one.db.close()
  })

  it('fails a job of a kind that is not retryable as interrupted once its lease expired', async () => {
    const { dir, holder, runner, held, job } = await heldJob('verify', { folder: null })
    await expect.poll(() => held.seen.starts).toBe(1)
    holder.db.prepare('UPDATE jobs SET lease_until = 0 WHERE id = ?').run(job.id)
    const other = connection(dir)
    const sweeper = harnessRunner(other.repo, quiet, 1)
    await sweeper.swept
    const failed = row(other.db, job.id)
    expect(failed).toMatchObject({ state: 'failed', error: 'Framevault stopped before this job finished.' })
    await runner.settled(job.id)
    expect(held.seen.aborted).toBe(true)
    expect(row(other.db, job.id)).toEqual(failed)
    await Promise.all([runner.close(), sweeper.close()])
    holder.db.close()
    other.db.close()
  })

  it('hands a retryable job back when its runner closes, queued with no holder, and another runner runs it once', async () => {
    const { dir, holder, runner, held, job } = await heldJob('similar-hash', { total: 2 })
    await expect.poll(() => held.seen.starts).toBe(1)
    await runner.close()
    expect(held.seen.aborted).toBe(true)
    expect(row(holder.db, job.id)).toMatchObject({ state: 'queued', error: null, result: null, ownerId: null })
    const rerun = { starts: 0 }
    const takenOver: TestWork = async () => {
      rerun.starts += 1
      return { counts: { hashed: 2, failed: 0 } }
    }
    const other = connection(dir)
    const next = harnessRunner(other.repo, quiet, 1, { 'similar-hash': { retryable: true } }, { takenOver })
    await expect.poll(() => row(other.db, job.id).state).toBe('done')
    expect(rerun.starts).toBe(1)
    await next.close()
    holder.db.close()
    other.db.close()
  })

  it('still cancels a job of a kind that is not retryable when its runner closes', async () => {
    const { holder, runner, held, job } = await heldJob('verify', { folder: null })
    await expect.poll(() => held.seen.starts).toBe(1)
    await runner.close()
    expect(held.seen.aborted).toBe(true)
    expect(row(holder.db, job.id).state).toBe('cancelled')
    holder.db.close()
  })
})
