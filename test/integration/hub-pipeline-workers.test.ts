import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import type { Job, PipelineRunResult } from '../../shared/contract'
import { writeClipSeries } from '../fixtures/clip-series'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { resolveMediaTools } from '../../main/media/media-tools'
import { fakeRenderer, startHostCli, stopChild } from '../helpers/host-cli'
import { api, holders, importFolder, job, until, useHubWorkers, type Hub } from '../helpers/hub-workers'
import { tempDir } from '../helpers/temp-dir'

// Issue 35, point 4: a pipeline run's stages are jobs of their own that whichever worker is free claims.
const { env, freshStore, startHub, startWorker, objectsUnder, printed } = useHubWorkers()

const ENDED = ['done', 'failed', 'cancelled']

async function ended(hub: Hub, id: string): Promise<Job> {
  await until(async () => ENDED.includes((await job(hub, id)).state))
  return job(hub, id)
}

async function finished(hub: Hub, id: string): Promise<PipelineRunResult> {
  const run = await ended(hub, id)
  if (run.kind !== 'pipeline-run' || run.state !== 'done' || !run.result) {
    throw new Error(`the run ended ${run.state}: ${run.error}`)
  }
  return run.result
}

const jobsOf = async (hub: Hub, kind: string) =>
  (await api<{ jobs: Job[] }>(hub, 'jobs:list', { kind, limit: 100 })).jobs.reverse()
const stageOf = (one: Job) => (one.kind === 'pipeline-stage' || one.kind === 'pipeline-text' ? one.params.stage : '')

describe('pipeline runs on the workers of a hub', () => {
  it('claims each stage on its own: text on a worker with Tesseract, the rest elsewhere; a replay elsewhere hits the cache', async () => {
    const folder = tempDir()
    writeWordClip(folder)
    const hub = await startHub(folder)
    const [clip] = await importFolder(hub, folder)
    const run = (input: object) => api<{ job: Job }>(hub, 'pipelines:run', { assetId: clip!.id, ...input })
    const stages = ['frames', 'dedupe_frames', 'text', 'match']

    // With no worker yet, the run's first stage waits: a cancel of the run cancels it.
    const waiting = (await run({ stages })).job
    await until(async () => (await jobsOf(hub, 'pipeline-stage')).length === 1)
    await api(hub, 'jobs:cancel', { jobId: waiting.id })
    expect((await ended(hub, waiting.id)).state).toBe('cancelled')
    const [frames] = await jobsOf(hub, 'pipeline-stage')
    expect(await ended(hub, frames!.id)).toMatchObject({ state: 'cancelled', requestedBy: 'admin' })

    // One worker reads text only; the other has no Tesseract, so it leaves the text stage and takes the rest.
    const reader = await startWorker(hub, 1, { args: ['--kinds', 'pipeline-text'] })
    const noTesseract = { FRAMEVAULT_TESSERACT: '/nowhere/tesseract' }
    const plain = await startWorker(hub, 1, { env: noTesseract })
    expect(printed.get(plain)).toContain(
      'Tesseract is not found here: pipeline-text jobs are left to workers that have it.',
    )
    const started = (await run({ stages, config: { match: { terms: ['ACME'] } } })).job
    const first = await finished(hub, started.id)
    expect(first.ran).toEqual(stages)
    const ranOn = async (kind: string) => {
      const stageJobs = (await jobsOf(hub, kind)).filter((one) => one.state === 'done')
      const held = await holders(
        hub,
        stageJobs.map((one) => one.id),
      )
      return stageJobs.map((one) => ({ stage: stageOf(one), pid: held.get(one.id)!.pid, try: one.attempts }))
    }
    expect(await ranOn('pipeline-stage')).toEqual([
      { stage: 'frames', pid: plain.pid, try: 1 },
      { stage: 'dedupe_frames', pid: plain.pid, try: 1 },
      { stage: 'match', pid: plain.pid, try: 1 },
    ])
    expect(await ranOn('pipeline-text')).toEqual([{ stage: 'text', pid: reader.pid, try: 1 }])
    const last = await api<{ outputs: { match: { detections: Array<{ term: string; first_seen: number }> } } }>(
      hub,
      'checkpoints:get',
      { id: first.checkpointIds.at(-1)! },
    )
    expect(last.outputs.match.detections.map((found) => found.term)).toEqual(['ACME'])
    expect(Math.abs(last.outputs.match.detections[0]!.first_seen - 3)).toBeLessThanOrEqual(0.5)

    // Another machine (a worker with an empty folder of its own) replays from the root: what did not change is
    // the stage cache's, only match runs again.
    await stopChild(plain)
    const other = await startWorker(hub, 1, { env: noTesseract })
    const replay = (
      await api<{ job: Job }>(hub, 'checkpoints:replay', {
        id: first.checkpointIds[0]!,
        config: { match: { terms: ['acme'], mode: 'exact' } },
      })
    ).job
    const again = await finished(hub, replay.id)
    expect(again.cached).toEqual(['dedupe_frames', 'text'])
    expect(again.ran).toEqual(['match'])
    const replayed = (await ranOn('pipeline-stage')).slice(3)
    expect(replayed).toEqual([
      { stage: 'dedupe_frames', pid: other.pid, try: 1 },
      { stage: 'match', pid: other.pid, try: 1 },
    ])
    expect(printed.get(other)).toMatch(/^done · match · .+ in \d+\.\d s$/m)
  }, 300_000)

  it('runs more pipelines at once than a one-box hub has places: the runs hand out their stages and take none', async () => {
    const folder = tempDir()
    const runs = os.cpus().length + 1
    writeClipSeries(folder, runs)
    const { store } = await freshStore()
    const args = ['--data', tempDir(), '--store', store, '--port', '0', '--renderer', fakeRenderer()]
    const host = await startHostCli('main/hub/hub-cli.ts', [...args, '--allow-import-from', folder], env())
    expect(host.output).toContain('Workers: 1 (in this process).')
    const hub = { host, url: `http://127.0.0.1:${host.port}` } as Hub
    const clips = await importFolder(hub, folder)
    const started = await Promise.all(
      clips.map(
        async (clip) =>
          (await api<{ job: Job }>(hub, 'pipelines:run', { assetId: clip.id, stages: ['frames', 'dedupe_frames'] }))
            .job,
      ),
    )
    for (const one of started) expect((await finished(hub, one.id)).ran).toEqual(['frames', 'dedupe_frames'])
    expect((await jobsOf(hub, 'pipeline-stage')).filter((one) => one.state === 'done')).toHaveLength(runs * 2)
  }, 300_000)
  it('takes over the frames of a worker stopped while it samples them; back, that worker leaves the timeline alone', async () => {
    const folder = tempDir()
    const pattern = 'testsrc2=size=1280x720:rate=25:duration=45'
    execFileSync(resolveMediaTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', pattern, `${folder}/long.mp4`])
    const hub = await startHub(folder)
    const [clip] = await importFolder(hub, folder)
    const first = await startWorker(hub, 1)
    const started = (
      await api<{ job: Job }>(hub, 'pipelines:run', { assetId: clip!.id, stages: ['frames', 'dedupe_frames'] })
    ).job
    const framesJob = async () => (await jobsOf(hub, 'pipeline-stage'))[0]
    await until(async () => (await framesJob())?.progress?.doing === 'sampling frames', 60_000)
    first.kill('SIGSTOP')
    const second = await startWorker(hub, 1)
    const run = await finished(hub, started.id)
    expect(await holders(hub, [(await framesJob())!.id])).toEqual(
      new Map([[(await framesJob())!.id, { pid: second.pid, attempts: 2 }]]),
    )
    // The stopped worker goes on, finds the job taken and stops: nothing of the timeline goes, nothing is doubled.
    first.kill('SIGCONT')
    await new Promise((resolve) => setTimeout(resolve, 3 * hub.leaseMs))
    const count = async (sql: string) => (await hub.db.query<{ n: number }>(sql, [run.timelineId])).rows[0]!.n
    const frames = await count('SELECT count(*)::int AS n FROM timeline_frames WHERE timeline_id = $1')
    expect(frames).toBe(90)
    expect(await count('SELECT count(*)::int AS n FROM checkpoints WHERE timeline_id = $1')).toBe(2)
    expect(await count("SELECT count(*)::int AS n FROM timelines WHERE id = $1 AND status = 'ready'")).toBe(1)
    expect(await objectsUnder(hub, 'derived/timelines/')).toHaveLength(frames)
    expect(first.exitCode, printed.get(first)).toBeNull()
  }, 300_000)
})
