import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Job } from '../../shared/contract'
import type { WorkerSetup } from '../../main/hub/worker-setup'
import { writeClipSeries } from '../fixtures/clip-series'
import { untilPrinted } from '../helpers/printed'
import { count, millis, percentile, printTable, progress, seconds, type Row } from './figures'
import { treeCpuSeconds } from './process-cpu'

const CLIPS = Number(process.env.FRAMEVAULT_BENCH_CLIPS) || 500
const WORKER_COUNTS = [1, 2, 4]
// Jobs that do no work, one after the other, for the claim latency.
const EMPTY_JOBS = 100

/** A hub of the bench: its address and admin token, its catalogue, its process and its PostgreSQL's, how to stop it. */
interface BenchHub {
  url: string
  token: string
  db: pg.Pool
  pid: number
  postgresPid(): number
  stop(): Promise<void>
}

/** CPU seconds of a kind of work, by process: the workers with their ffmpeg, PostgreSQL, the hub. */
interface CpuSplit {
  workers: number
  postgres: number
  hub: number
}

/** Seconds of each kind of work with a number of worker processes, measured in one run, and its CPU by process. */
interface Round {
  workers: number
  hashing: number
  scenes: number
  cpu: { hashing: CpuSplit; scenes: CpuSplit }
}

/** What a run of worker rounds measured, and on what. */
interface WorkerRounds {
  cores: number
  loadBefore: string
  rounds: Round[]
  /** Stored → started of jobs with no work, on one idle worker (ms); empty when not asked for. */
  latencies: number[]
}

/**
 * `npm run bench -- workers` (issue 35): a hub (its embedded PostgreSQL, its files in its folder, `--workers 0`) with
 * 500 one-second clips; near-duplicate hashing and a `scenes` batch over all of them with 1, 2 and 4 worker processes,
 * each pinned to one core (`taskset`), as clips per second and the ratio to one worker in the same run; and the claim
 * latency of a job with no work to do (stored → started, p50 and p95) with one idle worker. Every figure comes from
 * the same run.
 */
export async function runWorkersBench(): Promise<void> {
  const measured = await measureWorkerRounds(WORKER_COUNTS, { latencies: true })
  const { cores, loadBefore, rounds, latencies } = measured
  console.log(
    `\nWorkers benchmark: ${cores} CPUs, load average before ${loadBefore}; worker i pinned to core i mod ${cores}`,
  )
  if (cores < Math.max(...WORKER_COUNTS)) {
    console.log(
      `This machine has ${cores} cores: more workers than cores cannot speed up CPU-bound work. ` +
        `The ${Math.max(...WORKER_COUNTS)}-worker rows share ${cores} cores between their processes.`,
    )
  }
  printTable([...workerRows(rounds, latencies), ...cpuRows(rounds, cores)])
  console.log(workersLine(measured))
}

/**
 * Issue 63's line, exactly as its acceptance names it: two workers' speed on each kind of work as a multiple of one
 * worker's, in the same run (`rounds` holds both).
 */
export function workersLine({ cores, rounds }: Pick<WorkerRounds, 'cores' | 'rounds'>): string {
  const one = rounds.find((round) => round.workers === 1)!
  const two = rounds.find((round) => round.workers === 2)!
  return `workers 2 on ${cores} cores: ${(one.hashing / two.hashing).toFixed(2)}× hashing, ${(one.scenes / two.scenes).toFixed(2)}× scenes`
}

/**
 * Starts a hub with CLIPS clips and times hashing and scenes with each number of workers in `counts`; with
 * `latencies`, the claim latency of jobs with no work on one idle worker too.
 */
export async function measureWorkerRounds(
  counts: readonly number[],
  { latencies: withLatencies = false } = {},
): Promise<WorkerRounds> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-workers-bench-'))
  // As root, the hub's PostgreSQL runs as its own OS user, which must reach its data folder below this one.
  chmodSync(dir, 0o755)
  const cores = os.cpus().length
  try {
    const clips = path.join(dir, 'clips')
    mkdirSync(clips)
    progress(`writing ${count(CLIPS)} one-second clips`)
    writeClipSeries(clips, CLIPS)
    const hub = await startHub(dir, clips)
    try {
      progress(`importing ${count(CLIPS)} clips into the hub`)
      const imported = await call<{ job: Job }>(hub, 'media:import', { paths: [clips], link: false })
      await untilEnded(hub, [imported.job.id])
      // What the import queued (hashing, thumbnails) waits for a worker: the rounds below time their own work alone.
      await cancelWaiting(hub)
      const ids = (await hub.db.query<{ id: string }>('SELECT id FROM videos ORDER BY id')).rows.map((row) => row.id)
      const loadBefore = os.loadavg()[0]!.toFixed(2)
      const rounds: Round[] = []
      for (const workers of counts) {
        const started = await startWorkers(hub, dir, workers, cores)
        try {
          progress(`near-duplicate hashing of ${count(CLIPS)} clips on ${workers} worker(s)`)
          const hashing = await withCpu(hub, started, () => timedHashing(hub))
          progress(`scenes of ${count(CLIPS)} clips on ${workers} worker(s)`)
          const scenes = await withCpu(hub, started, () => timedScenes(hub, ids))
          rounds.push({
            workers,
            hashing: hashing.result,
            scenes: scenes.result,
            cpu: { hashing: hashing.cpu, scenes: scenes.cpu },
          })
        } finally {
          await Promise.all(started.map(stopProcess))
        }
      }
      if (!withLatencies) return { cores, loadBefore, rounds, latencies: [] }
      const [one] = await startWorkers(hub, dir, 1, cores)
      try {
        progress(`claim latency: ${EMPTY_JOBS} jobs with no work, one after the other, on one idle worker`)
        return { cores, loadBefore, rounds, latencies: await claimLatencies(hub, ids[0]!) }
      } finally {
        await stopProcess(one!)
      }
    } finally {
      await hub.stop()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What `work` resolves to, and the CPU the hub, its PostgreSQL and the `workers` used meanwhile. */
async function withCpu<T>(hub: BenchHub, workers: ChildProcess[], work: () => Promise<T>) {
  const split = (): CpuSplit => {
    const postgres = hub.postgresPid()
    return {
      workers: workers.reduce((sum, worker) => sum + treeCpuSeconds(worker.pid!), 0),
      postgres: treeCpuSeconds(postgres),
      hub: treeCpuSeconds(hub.pid, postgres),
    }
  }
  const before = split()
  const result = await work()
  const after = split()
  const cpu = {
    workers: after.workers - before.workers,
    postgres: after.postgres - before.postgres,
    hub: after.hub - before.hub,
  }
  return { result, cpu }
}

/** A row of a round's CPU on a kind of work, by process, and how busy that kept the cores over its `secs`. */
function cpuRow(what: string, workers: number, secs: number, cpu: CpuSplit, cores: number): Row {
  const busy = (cpu.workers + cpu.postgres + cpu.hub) / (secs * cores)
  return {
    measure: `CPU, ${what}, ${workers} worker${workers === 1 ? '' : 's'}`,
    result:
      `workers ${seconds(cpu.workers)} · PostgreSQL ${seconds(cpu.postgres)} · hub ${seconds(cpu.hub)}: ` +
      `${Math.round(busy * 100)}% of ${cores} cores`,
  }
}

/**
 * Rows of the CPU each round's work took by process (from /proc; none where there is no /proc): what of the cores
 * the hub and its PostgreSQL take beside the workers.
 */
export function cpuRows(rounds: Round[], cores: number): Row[] {
  if (rounds.every((round) => round.cpu.scenes.hub === 0)) return []
  return rounds.flatMap((round) => [
    cpuRow('hashing', round.workers, round.hashing, round.cpu.hashing, cores),
    cpuRow('scenes', round.workers, round.scenes, round.cpu.scenes, cores),
  ])
}

/** A row a round and kind of work, as clips a second and a multiple of one worker; the claim latency when measured. */
export function workerRows(rounds: Round[], latencies: number[] = []): Row[] {
  const base = rounds[0]!
  const line = (what: string, workers: number, secs: number, baseline: number): Row => ({
    measure: `${what}, ${workers} worker${workers === 1 ? '' : 's'}`,
    result: `${seconds(secs)} · ${(CLIPS / secs).toFixed(1)} clips/s · ${(baseline / secs).toFixed(2)}× one worker`,
  })
  const latency: Row[] =
    latencies.length === 0
      ? []
      : [
          {
            measure: 'claim latency of a job with no work (stored → started)',
            result: `p50 ${millis(percentile(latencies, 50))} · p95 ${millis(percentile(latencies, 95))}`,
          },
        ]
  return [
    ...rounds.map((round) => line('near-duplicate hashing', round.workers, round.hashing, base.hashing)),
    ...rounds.map((round) => line('scenes batch', round.workers, round.scenes, base.scenes)),
    ...latency,
  ]
}

/** Starts the hub on a free port: no worker of its own, its files in `dir/hub/library`, imports from `clips`. */
async function startHub(dir: string, clips: string): Promise<BenchHub> {
  const renderer = path.join(dir, 'renderer')
  mkdirSync(path.join(renderer, 'assets'), { recursive: true })
  writeFileSync(path.join(renderer, 'index.html'), '<title>Framevault</title><script src="./assets/a.js"></script>')
  writeFileSync(path.join(renderer, 'assets', 'a.js'), '')
  const args = ['--data', path.join(dir, 'hub'), '--port', '0', '--workers', '0', '--renderer', renderer]
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/hub/hub-cli.ts', ...args, '--allow-import-from', clips],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  await untilPrinted(child, 'Open in your browser:')
  const address = new URL(/Open in your browser: (\S+)/.exec(output)![1]!)
  const token = address.searchParams.get('token')!
  const url = address.origin
  const setup = (await (
    await fetch(`${url}/worker`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as WorkerSetup
  const db = new pg.Pool({ connectionString: setup.database, max: 2 })
  db.on('error', () => {})
  const postmaster = path.join(dir, 'hub', 'postgres', 'postmaster.pid')
  return {
    url,
    token,
    db,
    pid: child.pid!,
    postgresPid: () => Number(readFileSync(postmaster, 'utf8').split('\n')[0]),
    async stop() {
      await db.end()
      await stopProcess(child)
    },
  }
}

/** `count` worker processes, one job at a time each, worker i pinned to core i mod `cores` when taskset is there. */
async function startWorkers(hub: BenchHub, dir: string, workers: number, cores: number): Promise<ChildProcess[]> {
  const pinned = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0
  return Promise.all(
    Array.from({ length: workers }, async (_, at) => {
      const data = mkdtempSync(path.join(dir, 'worker-'))
      const worker = [process.execPath, '--import', 'tsx', 'main/cli/cli.ts', 'worker', '--hub', hub.url]
      const args = [...worker, '--token', hub.token, '--concurrency', '1', '--data', data]
      const [command, ...rest] = pinned ? ['taskset', '-c', String(at % cores), ...args] : args
      const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] })
      await untilPrinted(child, 'Framevault worker for')
      return child
    }),
  )
}

/** Seconds from asking for the hashing of every clip (their frames cleared first) until none waits. */
async function timedHashing(hub: BenchHub): Promise<number> {
  await hub.db.query('DELETE FROM frame_hashes')
  const start = performance.now()
  await call(hub, 'similar:hash-all', {})
  const { jobs } = await call<{ jobs: Job[] }>(hub, 'jobs:list', { kind: 'similar-hash', limit: 50 })
  await untilEnded(
    hub,
    jobs.filter((job) => job.state === 'queued' || job.state === 'running').map((job) => job.id),
  )
  const status = await call<{ hashed: number; waiting: number }>(hub, 'similar:status', {})
  if (status.waiting !== 0 || status.hashed !== CLIPS) throw new Error(`hashing ended with ${JSON.stringify(status)}`)
  return (performance.now() - start) / 1000
}

/** Seconds a `scenes` batch over `ids` takes, forced so each clip is analysed again. */
async function timedScenes(hub: BenchHub, ids: string[]): Promise<number> {
  const start = performance.now()
  const work = { kind: 'analysis', analyzer: 'scenes', force: true }
  const { job } = await call<{ job: Job }>(hub, 'batch:run', { work, target: { ids } })
  await untilEnded(hub, [job.id])
  const ended = (await call<{ job: Job }>(hub, 'jobs:get', { jobId: job.id })).job
  if (ended.kind !== 'batch' || ended.result?.counts.ran !== ids.length) {
    throw new Error(`the batch ended ${ended.state}: ${JSON.stringify(ended.result)} ${ended.error ?? ''}`)
  }
  return (performance.now() - start) / 1000
}

/** For each of EMPTY_JOBS analyses answered from the cache, one after the other: ms from stored to started. */
async function claimLatencies(hub: BenchHub, assetId: string): Promise<number[]> {
  const request = { assetId, analyzer: 'black' }
  await untilEnded(hub, [(await call<{ job: Job }>(hub, 'analysis:run', request)).job.id])
  const latencies: number[] = []
  for (let at = 0; at < EMPTY_JOBS; at++) {
    const { job } = await call<{ job: Job }>(hub, 'analysis:run', request)
    await untilEnded(hub, [job.id])
    const { rows } = await hub.db.query<{ created: string; started: string }>(
      'SELECT created_at AS created, started_at AS started FROM jobs WHERE id = $1',
      [job.id],
    )
    latencies.push(Date.parse(rows[0]!.started) - Date.parse(rows[0]!.created))
  }
  return latencies
}

/** Cancels the jobs the import queued (hashing, thumbnails; no worker runs yet), once all are there. */
async function cancelWaiting(hub: BenchHub): Promise<void> {
  const waiting = async () =>
    (await call<{ jobs: Job[] }>(hub, 'jobs:list', { limit: 200 })).jobs.filter((one) => one.state === 'queued')
  // The hub starts them one after the other once it hears the import ended: wait until their number holds.
  let seen = -1
  for (let jobs = await waiting(); jobs.length === 0 || jobs.length !== seen; jobs = await waiting()) {
    seen = jobs.length
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
  for (const job of await waiting()) await call(hub, 'jobs:cancel', { jobId: job.id })
}

/** Resolves once every job of `ids` has ended (asked every 50 ms). */
async function untilEnded(hub: BenchHub, ids: string[]): Promise<void> {
  for (;;) {
    const { rows } = await hub.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM jobs WHERE id = ANY($1) AND state IN ('queued', 'running')",
      [ids],
    )
    if (rows[0]!.n === 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function call<T = unknown>(hub: BenchHub, channel: string, input: object): Promise<T> {
  const reply = await fetch(`${hub.url}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  const answer = (await reply.json()) as { ok: boolean; data: T; error?: { message: string } }
  if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`)
  return answer.data
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  return exited
}
