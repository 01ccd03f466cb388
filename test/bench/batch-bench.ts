import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Job } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import type { Library } from '../../main/services/library-context'
import { writeClipSeries } from '../fixtures/clip-series'
import { call } from './dispatch-call'
import { count, millis, percentile, printTable, progress, seconds, target, type Row } from './figures'

const CLIPS = Number(process.env.FRAMEVAULT_BENCH_CLIPS) || 500
// Open loop: a request goes out every INTERVAL_MS whether the last one has answered or not.
const INTERVAL_MS = 50
const BASELINE_REQUESTS = 200
// Untimed requests first: the first call prepares the statements, a once-per-process cost.
const WARMUP_REQUESTS = 3
const P95_GOAL_MS = 50
// What the browse grid asks for per page.
const PAGE = 200

/**
 * `npm run bench -- batch` (issue 22, point 5): a library of 500 one-second clips, a batch `scenes`
 * analysis over all of them, and `media:list` sent every 50 ms in the same process while it runs:
 * the p95 answer time against the same requests with nothing running, and the batch's throughput
 * (run, then all cached).
 */
export async function runBatchBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-batch-bench-'))
  try {
    const clips = path.join(dir, 'clips')
    mkdirSync(clips)
    progress(`writing ${count(CLIPS)} one-second clips`)
    const files = writeClipSeries(clips, CLIPS)
    const lib = openLibrary(path.join(dir, 'library'), { actor: 'bench' })
    try {
      progress(`importing ${count(CLIPS)} clips`)
      await call(lib, 'media:import', { paths: files })
      await lib.importer.idle()
      // The thumbnails render after the import ends: the baseline must not be measured beside them.
      await lib.importer.thumbnailsIdle()
      for (let warm = 0; warm < WARMUP_REQUESTS; warm++) await call(lib, 'media:list', { limit: PAGE, cursor: null })
      const loadBefore = os.loadavg()[0]!.toFixed(2)
      progress(`media:list every ${INTERVAL_MS} ms with nothing running (${BASELINE_REQUESTS} requests)`)
      const idle = await listWhile(lib, () => sleep(BASELINE_REQUESTS * INTERVAL_MS))
      progress(`media:list every ${INTERVAL_MS} ms while a scenes batch runs over ${count(CLIPS)} assets`)
      const ran = await listWhile(lib, () => batch(lib))
      progress('the same batch again (every asset cached)')
      const cached = await listWhile(lib, () => batch(lib))
      console.log(`\nBatch benchmark: ${os.cpus().length} CPUs, load average before ${loadBefore}`)
      printTable(rows(idle, ran, cached))
    } finally {
      await lib.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What requests sent while something ran measured: each answer's time from when it was due, and how long it all took. */
interface Measured {
  times: number[]
  seconds: number
  job: Job | null
  /** How late the event loop ran its turns meanwhile (ms): p99 and max; apart from the requests, a stall shows here. */
  loopDelay: { p99: number; max: number }
}

/**
 * Sends `media:list` every INTERVAL_MS while `work` runs; each time runs from when the request was due,
 * so a request held back by a busy event loop counts its wait (no coordinated omission).
 */
async function listWhile(lib: Library, work: () => Promise<Job | void>): Promise<Measured> {
  const times: number[] = []
  const answers: Promise<void>[] = []
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  let running = true
  const started = performance.now()
  const send = async (due: number) => {
    await call(lib, 'media:list', { limit: PAGE, cursor: null })
    times.push(performance.now() - due)
  }
  const loop = (async () => {
    for (let n = 0; running; n++) {
      const due = started + n * INTERVAL_MS
      await sleep(Math.max(0, due - performance.now()))
      if (running) answers.push(send(due))
    }
  })()
  const job = (await work()) ?? null
  const elapsed = (performance.now() - started) / 1000
  running = false
  await loop
  await Promise.all(answers)
  delay.disable()
  const loopDelay = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 }
  return { times, seconds: elapsed, job, loopDelay }
}

/** Runs a scenes batch over every asset (a filter that leaves them all) and waits for it. */
async function batch(lib: Library): Promise<Job> {
  const { job } = await call<{ job: Job }>(lib, 'batch:run', {
    work: { kind: 'analysis', analyzer: 'scenes' },
    target: { filter: {} },
  })
  await lib.jobs.settled(job.id)
  const ended = await lib.jobs.get(job.id)
  if (ended.state !== 'done') throw new Error(`The batch ended ${ended.state}: ${ended.error}`)
  return ended
}

function rows(idle: Measured, ran: Measured, cached: Measured): Row[] {
  const p95 = (measured: Measured) => percentile(measured.times, 95)
  const counts = (measured: Measured) => {
    const result = measured.job?.kind === 'batch' ? measured.job.result : null
    return result ? `${result.counts.ran} ran, ${result.counts.cached} cached, ${result.counts.failed} failed` : ''
  }
  const spread = (measured: Measured) =>
    `p50 ${millis(percentile(measured.times, 50))}, p95 ${millis(p95(measured))}, max ${millis(Math.max(...measured.times))} (${measured.times.length} requests)`
  const loop = (measured: Measured) => `p99 ${millis(measured.loopDelay.p99)}, max ${millis(measured.loopDelay.max)}`
  return [
    {
      measure: `media:list (${PAGE} rows) every ${INTERVAL_MS} ms while a scenes batch runs over ${count(CLIPS)} clips`,
      result: spread(ran),
      ...target(p95(ran) <= P95_GOAL_MS, `p95 ≤ ${P95_GOAL_MS} ms`),
    },
    { measure: '  baseline: the same requests with nothing running', result: spread(idle) },
    { measure: '  event loop delay while the batch runs (monitorEventLoopDelay)', result: loop(ran) },
    { measure: '  event loop delay with nothing running', result: loop(idle) },
    {
      measure: `  while the same batch runs again, every asset cached`,
      result: spread(cached),
      ...target(p95(cached) <= P95_GOAL_MS, `p95 ≤ ${P95_GOAL_MS} ms`),
    },
    {
      measure: `Batch throughput, scenes over ${count(CLIPS)} one-second clips (ffmpeg per clip)`,
      result: `${(CLIPS / ran.seconds).toFixed(1)} assets/s (${seconds(ran.seconds)}; ${counts(ran)})`,
    },
    {
      measure: `  the same batch again, every asset cached (no ffmpeg)`,
      result: `${count(CLIPS / cached.seconds)} assets/s (${seconds(cached.seconds)}; ${counts(cached)})`,
    },
  ]
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
