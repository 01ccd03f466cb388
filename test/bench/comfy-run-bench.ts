import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { openLibrary } from '../../main/app/open-library'
import { queuePrompt } from '../../main/comfy/comfy-client'
import { startFakeComfy, type FakeComfy } from '../../main/comfy/fake/server'
import { fetchOutput } from '../../main/comfy/fetch-output'
import { connectRun, followRun } from '../../main/comfy/follow-run'
import { outputFiles } from '../../main/comfy/run-events'
import type { LocalLibrary } from '../../main/services/library-context'
import { resolveMediaTools } from '../../main/media/media-tools'
import { setComfyServer } from '../../main/services/comfy-runs/comfy-server'
import { randomSeed } from '../../main/services/comfy-runs/prompt-inputs'
import { startComfyRun } from '../../main/services/comfy-runs/run-job'
import { getExecution } from '../../main/services/workflows/executions'
import { UI_WORKFLOW, withSeed } from '../helpers/comfy-prompts'
import { call } from './dispatch-call'
import { millis, percentile, printTable, progress, target, type Row } from './figures'

const RUNS = Number(process.env.FRAMEVAULT_BENCH_RUNS) || 40
const WARMUP = 3
const GOAL_MS = 150

/**
 * `npm run bench -- comfy-run` (issue 20): what Framevault adds to a run on the fake ComfyUI, per output:
 * from submitting to the output filed on its node and run, less the fake's own run (execution_start to
 * execution_success, its ffmpeg drawing included). Baseline in the same run: the bare protocol (socket,
 * POST /prompt, following, GET /view into a file) with no library, timed the same way.
 */
export async function runComfyRunBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-comfy-bench-'))
  const fake = await startFakeComfy({ ffmpeg: resolveMediaTools().ffmpeg, stepDelayMs: 0 })
  const lib = openLibrary(path.join(dir, 'library'), { actor: 'bench' })
  try {
    const assetId = await sourceAsset(lib, fake)
    await setComfyServer(lib, fake.url)
    progress(`${WARMUP} untimed runs, then ${RUNS} runs through Framevault, each with a new seed`)
    for (let i = 0; i < WARMUP; i++) await framevaultRun(lib, assetId)
    const added: number[] = []
    for (let i = 0; i < RUNS; i++) added.push(await framevaultRun(lib, assetId))
    progress(`${RUNS} bare protocol runs (no library)`)
    const bare: number[] = []
    for (let i = 0; i < RUNS; i++) bare.push(await bareRun(fake, path.join(dir, `bare-${i}.png`)))
    console.log(`\nComfyUI run benchmark: ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(2)}`)
    printTable(rows(added, bare))
  } finally {
    await lib.close()
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function rows(added: number[], bare: number[]): Row[] {
  const p95 = percentile(added, 95)
  return [
    {
      measure: 'Framevault’s part of a run, per output (submit → filed, less the fake’s own run)',
      result: `p50 ${millis(percentile(added, 50))}, p95 ${millis(p95)}, max ${millis(Math.max(...added))}`,
      ...target(p95 <= GOAL_MS, `p95 ≤ ${GOAL_MS} ms`),
    },
    {
      measure: 'Baseline: the bare protocol (socket, queue, follow, download), same measure',
      result: `p50 ${millis(percentile(bare, 50))}, p95 ${millis(percentile(bare, 95))}; ratio of p95 ${(p95 / percentile(bare, 95)).toFixed(2)}×`,
    },
  ]
}

/** A library asset the fake made from the fixture prompt (the source every run repeats). */
async function sourceAsset(lib: LocalLibrary, fake: FakeComfy): Promise<string> {
  await bareRun(fake, path.join(path.dirname(lib.dir), 'source.png'))
  const made = readdirSync(fake.outputDir, { recursive: true, encoding: 'utf8' }).find((name) =>
    name.startsWith('ComfyUI'),
  )!
  await call(lib, 'media:import', { paths: [path.join(fake.outputDir, made)] })
  await lib.importer.idle()
  const asset = lib.sqlite.db.prepare<[], string>('SELECT id FROM videos LIMIT 1').pluck().get()!
  return asset
}

/** One run through the service: ms from submit to settled, less the fake's execution_start → success. */
async function framevaultRun(lib: LocalLibrary, assetId: string): Promise<number> {
  const submitted = Date.now()
  const { job, executionIds } = await startComfyRun(lib, {
    from: { assetId },
    set: [{ nodeId: '3', input: 'seed', value: randomSeed() }],
  })
  await lib.jobs.settled(job.id)
  const ended = Date.now()
  const data = (await getExecution(lib, executionIds[0]!)).execution.executionData as {
    timings: { startedAt: string; succeededAt: string }
    outputs: unknown[]
  }
  if (data.outputs.length !== 1) throw new Error(`A run filed ${data.outputs.length} outputs, not 1.`)
  const fakeOwn = Date.parse(data.timings.succeededAt) - Date.parse(data.timings.startedAt)
  return ended - submitted - fakeOwn
}

/** One run by the bare client, timed as framevaultRun is. */
async function bareRun(fake: FakeComfy, dest: string): Promise<number> {
  const submitted = Date.now()
  const clientId = randomUUID()
  const connection = await connectRun(fake.url, clientId)
  const promptText = withSeed(randomSeed())
  const { promptId } = await queuePrompt(fake.url, { promptText, clientId, workflow: UI_WORKFLOW })
  let started = 0
  let succeeded = 0
  const files = []
  for await (const event of followRun(fake.url, { promptId, clientId, connection })) {
    if (event.type === 'started') started = Date.now()
    if (event.type === 'success') succeeded = Date.now()
    if (event.type === 'executed') files.push(...outputFiles(event.output))
  }
  await fetchOutput(fake.url, files[0]!, dest)
  return Date.now() - submitted - (succeeded - started)
}
