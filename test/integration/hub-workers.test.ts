import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { Job, JobQueue } from '../../shared/contract'
import { resolveMediaTools } from '../../main/media/media-tools'
import { writeClipSeries } from '../fixtures/clip-series'
import { fakeRenderer, startHostCli, stopChild } from '../helpers/host-cli'
import { api, holders, importFolder, job, LEASE_MS, until, useHubWorkers } from '../helpers/hub-workers'
import { tempDir } from '../helpers/temp-dir'

const { env, freshStore, startHub, startWorker, mediaObjects, printed } = useHubWorkers()
const CLIPS = 25

/** Clips of `seconds` at 640×360, one for each of `variants` (their patterns differ), in a new folder. */
function longClips(variants: number, seconds = 12): string {
  const dir = tempDir()
  for (let variant = 0; variant < variants; variant++) {
    const pattern = `testsrc2=size=640x360:rate=25:duration=${seconds},hue=h=${variant * 40}`
    const file = path.join(dir, `long-${variant}.mp4`)
    execFileSync(resolveMediaTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', pattern, file])
  }
  return dir
}

describe('workers of a hub (PostgreSQL + S3, worker processes)', () => {
  it('runs 200 jobs of mixed kinds on three workers, each once: one result and one output each', async () => {
    const clips = path.join(tempDir(), 'clips')
    mkdirSync(clips)
    writeClipSeries(clips, CLIPS)
    // Nothing stops here: a lease long enough that a worker slowed by a busy machine keeps its jobs.
    const hub = await startHub(clips, 15_000)
    const assets = await importFolder(hub, clips)
    expect(assets).toHaveLength(CLIPS)
    const pids = (await Promise.all([startWorker(hub), startWorker(hub), startWorker(hub)])).map((child) => child.pid)
    // The hub hears of each worker: what it claims and how many at once.
    await until(async () => (await api<JobQueue>(hub, 'jobs:queue', {})).workers.length === 3)
    const queue = await api<JobQueue>(hub, 'jobs:queue', {})
    expect(queue.workers.map((one) => one.pid).sort()).toEqual([...pids].sort())
    expect(queue.workers.every((one) => one.concurrency === 2 && one.kinds.includes('processing'))).toBe(true)
    expect(queue.shared).toBe(true)
    expect(queue.rerunnable).toEqual(expect.arrayContaining(['analysis', 'processing', 'verify']))
    for (const kind of ['import', 'batch', 'comfy-run', 'pipeline-run']) expect(queue.rerunnable).not.toContain(kind)

    const started: Job[] = []
    for (const asset of assets) {
      const assetId = asset.id
      const analyses = [
        { analyzer: 'scenes', config: { threshold: 0.3 } },
        { analyzer: 'scenes', config: { threshold: 0.5 } },
        { analyzer: 'black', config: {} },
        { analyzer: 'black', config: { minDuration: 0.5 } },
        { analyzer: 'freeze', config: {} },
        { analyzer: 'freeze', config: { minDuration: 1 } },
      ]
      for (const request of analyses)
        started.push((await api<{ job: Job }>(hub, 'analysis:run', { assetId, ...request })).job)
      for (const request of [
        { action: 'proxy', config: { height: 144 } },
        { action: 'convert', config: { preset: 'h264-mp4' } },
      ]) {
        started.push((await api<{ job: Job }>(hub, 'processing:run', { assetId, ...request })).job)
      }
    }
    expect(started).toHaveLength(200)
    const ids = started.map((one) => one.id)
    await until(async () => {
      const { jobs } = await api<{ jobs: Job[] }>(hub, 'jobs:list', { limit: 500 })
      const ended = jobs.filter((one) => ids.includes(one.id) && !['queued', 'running'].includes(one.state))
      return ended.length === ids.length
    })
    const ended = await Promise.all(ids.map((id) => job(hub, id)))
    expect(ended.filter((one) => one.state !== 'done').map((one) => `${one.title}: ${one.error}`)).toEqual([])

    // Each job claimed once, by one of the three workers, and each worker took some.
    const held = await holders(hub, ids)
    expect([...held.values()].every((one) => one.attempts === 1)).toBe(true)
    expect(new Set([...held.values()].map((one) => one.pid))).toEqual(new Set(pids))
    // One cached analysis per file and config, one output asset and run per processing job, every object with its row.
    const { rows: analysisRows } = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analysis_jobs')
    expect(analysisRows[0]!.n).toBe(CLIPS * 6)
    const outputs = ended.flatMap((one) => (one.kind === 'processing' ? [one.result!.outputAssetId] : []))
    expect(new Set(outputs).size).toBe(CLIPS * 2)
    const { rows: runs } = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM processing_jobs')
    expect(runs[0]!.n).toBe(CLIPS * 2)
    const { objects, rows } = await mediaObjects(hub)
    expect(rows).toHaveLength(CLIPS * 3)
    expect(objects).toEqual(rows)

    // The near-duplicate hashing the import asked for went in 8 parts, on the workers too; it all ends hashed.
    const hashing = async () =>
      (await api<{ jobs: Job[] }>(hub, 'jobs:list', { kind: 'similar-hash', limit: 100 })).jobs
    await until(async () => (await hashing()).every((one) => one.state === 'done')).catch(async (error: Error) => {
      const states = (await hashing()).map(
        (one) => `${one.title}: ${one.state} ${one.error ?? ''} (try ${one.attempts})`,
      )
      throw new Error(`${error.message}; the hashing jobs: ${states.join('; ')}`)
    })
    const parts = (await hashing()).flatMap((one) => (one.kind === 'similar-hash' && one.params.part) || [])
    expect(new Set(parts.map((part) => `${part.index} of ${part.of}`)).size).toBe(8)
    const hashers = await holders(
      hub,
      (await hashing()).map((one) => one.id),
    )
    expect([...hashers.values()].every((one) => pids.includes(one.pid))).toBe(true)
    await until(async () => (await api<{ waiting: number }>(hub, 'similar:status', {})).waiting === 0)
    expect(await api(hub, 'similar:status', {})).toMatchObject({ hashed: CLIPS * 3, failed: 0 })
  }, 400_000)

  it('finishes the job of a worker killed midway on another (5 trials): one output asset, no orphan object', async () => {
    const folder = longClips(5)
    const hub = await startHub(folder)
    const inputs = await importFolder(hub, folder)
    expect(inputs).toHaveLength(5)
    let alive = await Promise.all([startWorker(hub, 1), startWorker(hub, 1)])
    for (const input of inputs) {
      const request = { assetId: input.id, action: 'convert', config: { preset: 'h264-mp4' } }
      const started = (await api<{ job: Job }>(hub, 'processing:run', request)).job
      await until(async () => (await job(hub, started.id)).state === 'running')
      const holder = (await holders(hub, [started.id])).get(started.id)!
      const victim = alive.find((child) => child.pid === holder.pid)!
      victim.kill('SIGKILL')
      alive = [alive.find((child) => child !== victim)!, await startWorker(hub, 1)]
      await until(async () => !['queued', 'running'].includes((await job(hub, started.id)).state))
      const ended = await job(hub, started.id)
      expect(ended).toMatchObject({ state: 'done', error: null })
      const after = (await holders(hub, [started.id])).get(started.id)!
      expect(after.attempts).toBe(2)
      expect(after.pid).not.toBe(holder.pid)
    }
    const { objects, rows } = await mediaObjects(hub)
    // The five inputs and one converted copy of each.
    expect(rows).toHaveLength(10)
    expect(objects).toEqual(rows)
  }, 400_000)

  it('runs more workers of its own with --workers N: itself and helper processes', async () => {
    const folder = longClips(2, 2)
    const { store, bucket } = await freshStore()
    const args = ['--data', tempDir(), '--store', store, '--port', '0', '--renderer', fakeRenderer(), '--workers', '2']
    const host = await startHostCli('main/hub/hub-cli.ts', [...args, '--allow-import-from', folder], env())
    expect(host.output).toContain('Workers: 2 (this process and 1 more).')
    const hub = {
      host,
      url: `http://127.0.0.1:${host.port}`,
      bucket,
      db: null as unknown as pg.Pool,
      leaseMs: LEASE_MS,
    }
    await until(async () => (await api<JobQueue>(hub, 'jobs:queue', {})).workers.length === 2)
    const { workers: both } = await api<JobQueue>(hub, 'jobs:queue', {})
    expect(both.map((one) => one.pid)).toContain(host.child.pid)
    const helper = both.find((one) => one.pid !== host.child.pid)!
    const [input] = await importFolder(hub, folder)
    const started = (await api<{ job: Job }>(hub, 'analysis:run', { assetId: input!.id, analyzer: 'black' })).job
    await until(async () => (await job(hub, started.id)).state === 'done')
    // Stopped, the hub stops its helper too: it hands its jobs back and goes.
    await stopChild(host.child)
    expect(() => process.kill(helper.pid, 0)).toThrow()
  }, 300_000)

  it('runs a batch as one job per asset on the workers; a cancel of the batch cancels its jobs', async () => {
    const folder = longClips(6, 6)
    const hub = await startHub(folder)
    const assets = await importFolder(hub, folder)
    const workers = await Promise.all([startWorker(hub, 1), startWorker(hub, 1)])
    const ids = assets.map((asset) => asset.id)
    const run = async (work: object) => (await api<{ job: Job }>(hub, 'batch:run', { work, target: { ids } })).job
    const batch = await run({ kind: 'analysis', analyzer: 'black' })
    await until(async () => (await job(hub, batch.id)).state === 'done')
    expect((await job(hub, batch.id)).result).toEqual({
      counts: { ran: 6, cached: 0, failed: 0, skipped: 0, cancelled: 0 },
    })
    // Each asset was a job of its own, asked for by the batch's asker, run on a worker.
    const { jobs } = await api<{ jobs: Job[] }>(hub, 'jobs:list', { kind: 'analysis', limit: 100 })
    expect(jobs.map((one) => one.assetId).sort()).toEqual([...ids].sort())
    expect(jobs.every((one) => one.state === 'done' && one.requestedBy === 'admin')).toBe(true)
    const pids = [
      ...(
        await holders(
          hub,
          jobs.map((one) => one.id),
        )
      ).values(),
    ].map((one) => one.pid)
    expect(pids.every((pid) => workers.some((child) => child.pid === pid))).toBe(true)
    const items = await api<{ items: Array<{ outcome: string }> }>(hub, 'batch:items', { jobId: batch.id })
    expect(items.items.map((item) => item.outcome)).toEqual(Array(6).fill('ran'))
    // Each worker says what it did, a line a job.
    const told = workers.map((child) => printed.get(child) ?? '').join('')
    for (const one of jobs)
      expect(told).toMatch(new RegExp(`^done · ${one.title.replace('.', '\\.')} in \\d+\\.\\d s$`, 'm'))

    // A convert of each: cancelled while two run, the batch and every job it started end, none running on.
    const converting = await run({ kind: 'processing', action: 'convert', config: { preset: 'h264-mp4' } })
    await until(async () => {
      const { jobs: started } = await api<{ jobs: Job[] }>(hub, 'jobs:list', { kind: 'processing', limit: 100 })
      // Both workers at once, one job each.
      return started.filter((one) => one.state === 'running').length === 2
    })
    const cancelled = (await api<{ job: Job }>(hub, 'jobs:cancel', { jobId: converting.id })).job
    expect(cancelled.state).toBe('cancelled')
    await until(async () => {
      const { jobs: started } = await api<{ jobs: Job[] }>(hub, 'jobs:list', { kind: 'processing', limit: 100 })
      return started.every((one) => !['queued', 'running'].includes(one.state))
    }, 30_000)
    const { jobs: converts } = await api<{ jobs: Job[] }>(hub, 'jobs:list', { kind: 'processing', limit: 100 })
    // Those that ended before the cancel reached them are done (and the batch's outcomes); the rest cancelled.
    const done = converts.filter((one) => one.state === 'done').length
    const stopped = converts.filter((one) => one.state === 'cancelled').length
    expect(stopped).toBeGreaterThanOrEqual(1)
    expect(done + stopped).toBe(converts.length)
    const outcomes = await api<{ items: Array<{ outcome: string }> }>(hub, 'batch:items', { jobId: converting.id })
    expect(outcomes.items.map((item) => item.outcome)).toEqual(Array(done).fill('ran'))
  }, 300_000)

  it('drops the late result of a worker whose lease was taken while it was stopped', async () => {
    const folder = longClips(1, 8)
    const hub = await startHub(folder)
    const [input] = await importFolder(hub, folder)
    const first = await startWorker(hub, 1)
    const request = { assetId: input!.id, action: 'convert', config: { preset: 'h264-mp4' } }
    const started = (await api<{ job: Job }>(hub, 'processing:run', request)).job
    await until(async () => (await job(hub, started.id)).state === 'running')
    first.kill('SIGSTOP')
    const second = await startWorker(hub, 1)
    // Its lease runs out, the other worker takes the job and finishes it; then the stopped one goes on.
    await until(async () => (await job(hub, started.id)).state === 'done')
    const runRows = async () =>
      (await hub.db.query('SELECT id, created_at, output_path FROM processing_jobs ORDER BY id')).rows
    const written = await runRows()
    expect(written).toHaveLength(1)
    first.kill('SIGCONT')
    const done = await job(hub, started.id)
    expect((await holders(hub, [started.id])).get(started.id)).toEqual({ pid: second.pid, attempts: 2 })
    // The first worker comes back to a job it no longer holds: it writes nothing, and (alone now) takes the next job.
    await stopChild(second)
    const analysis = (await api<{ job: Job }>(hub, 'analysis:run', { assetId: input!.id, analyzer: 'black' })).job
    await until(async () => (await job(hub, analysis.id)).state === 'done')
    expect((await holders(hub, [analysis.id])).get(analysis.id)).toEqual({ pid: first.pid, attempts: 1 })
    expect(await job(hub, started.id)).toEqual(done)
    const { objects, rows } = await mediaObjects(hub)
    expect(rows).toHaveLength(2)
    expect(objects).toEqual(rows)
    // The run's row is the one the second worker wrote, untouched.
    expect(await runRows()).toEqual(written)
    expect(first.exitCode).toBeNull()
  }, 300_000)
})
