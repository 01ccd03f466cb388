import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { JobKind } from '../../shared/contract'
import type { Library } from '../services/library-context'
import { jobHandlers } from '../app/job-handlers'
import { openHubLibrary } from '../app/open-hub-library'
import { connectPostgres } from '../db/postgres/connect-postgres'
import { postgresMigrations } from '../db/postgres/migrations'
import type { JobNeed } from '../jobs/job-handler'
import { tesseractPath } from '../media/media-tools'
import { realPathOf } from '../security/contained-path'
import { folderObjectStore } from '../storage/folder-object-store'
import { openHubStore } from './hub-store'
import { keepSession, WorkerRefused, type CatalogueSession } from './worker-session'
import { WorkerSetup } from './worker-setup'

/** How a worker runs: for which hub, as whom, which kinds, how many at once, and where its own scratch files go. */
export interface WorkerOptions {
  hub: string
  token: string
  /** The kinds it claims (default: every kind the hub queues that this machine can run). */
  kinds?: readonly JobKind[]
  /** Jobs at once (default one per CPU). */
  concurrency?: number
  /** This machine's folder for the worker's temporary files and downloads. */
  dir: string
  /** Most bytes of the bucket's files kept in `dir` for ffmpeg and the analyzers. */
  cacheBytes?: number
  /** How long a claimed job's lease lasts unrenewed (default 30 s); tests shorten it. */
  leaseMs?: number
}

/** A running worker: what it claims, how to stop it, and why it stopped on its own. */
export interface Worker {
  kinds: readonly JobKind[]
  concurrency: number
  /** Resolves with the reason once the hub refuses it for good (its token revoked, another version). */
  gaveUp: Promise<string>
  /** Hands the jobs it holds back to the queue and lets the catalogue go. */
  close(): Promise<void>
}

// How a worker finds out whether its machine has what a kind's handler needs, and how it says that it does not.
const NEED_CHECKS: Record<JobNeed, { found: () => boolean; missing: string }> = {
  tesseract: { found: hasTesseract, missing: 'Tesseract is not found here' },
}

/**
 * Starts a worker for the hub at `options.hub` (issue 35): asks the hub, with an admin's token, where its catalogue
 * and files are, connects to both as the hub does, and runs the jobs of the hub's queue it claims with the same
 * handlers the app runs, until closed. When its catalogue connection fails it asks the hub again and reconnects
 * (worker-session.ts). Errors in words: a hub it cannot reach or that refuses the token, another Framevault version,
 * kinds the hub does not queue, files this machine cannot reach.
 */
export async function startWorker(options: WorkerOptions, say: (line: string) => void = console.log): Promise<Worker> {
  const ask = () => fetchSetup(options.hub, options.token).then(sameVersion)
  const setup = await ask()
  const kinds = claimedKinds(setup.queued, options.kinds, say)
  const concurrency = options.concurrency ?? os.cpus().length
  const dir = path.resolve(options.dir)
  const store = setup.store
    ? (await openHubStore(setup.store, dir, { maxBytes: options.cacheBytes })).store
    : folderStore(setup.folder)
  // A lost connection is told by the session's probe, now rather than at its next beat.
  const lost = { probeNow: () => {} }
  const open = async ({ database }: WorkerSetup): Promise<CatalogueSession> => {
    const catalogue = await connectPostgres(database, { migrate: false, onError: () => lost.probeNow() })
    const library = await openHubLibrary(
      dir,
      { url: database, sql: catalogue.sql },
      {
        store,
        actor: `worker on ${os.hostname()}`,
        claims: kinds,
        concurrency,
        jobLeaseMs: options.leaseMs,
        // As on the hub: what an import here brought in (a processor's output) is hashed for near-duplicates too.
        hashAfterImports: true,
        // Every other runner's job start and end read here too cost each worker a read (and a batch's follow) per
        // job of the others: the hub follows them for its windows.
        followsOthers: false,
        // Nor does it serve the library's changes to any window.
        hearsChanges: false,
      },
    ).catch(async (error: unknown) => {
      await catalogue.close()
      throw error
    })
    const stopTelling = tellEndedJobs(library, say)
    return {
      probe: async () => void (await catalogue.sql.get('SELECT 1')),
      close() {
        stopTelling()
        return library.close().finally(() => catalogue.close())
      },
    }
  }
  const first = await open(setup)
  say(`Framevault worker for ${options.hub}: runs ${kinds.join(', ')}, ${concurrency} at once.`)
  const kept = keepSession(first, { ask, open, say })
  lost.probeNow = kept.probeNow
  return { kinds, concurrency, gaveUp: kept.gaveUp, close: kept.stop }
}

/** A setup of the catalogue's schema version this Framevault has; refused in words otherwise. */
function sameVersion(setup: WorkerSetup): WorkerSetup {
  const ours = postgresMigrations.at(-1)!.version
  if (setup.schema !== ours) {
    throw new WorkerRefused(
      `the hub's catalogue has schema version ${setup.schema} and this Framevault's is ${ours}: run the same Framevault version as the hub.`,
    )
  }
  return setup
}

/** Says a line for each job this worker ends: how it ended, what it was, and how long it ran. */
function tellEndedJobs(library: Library, say: (line: string) => void): () => void {
  // Its id in the queue, asked for at the first ended job (and again while the catalogue does not answer).
  let ownId: string | undefined
  return library.events.subscribe((event) => {
    if (event.name !== 'job:updated') return
    const { job } = event.payload
    if (job.state === 'queued' || job.state === 'running') return
    void (async () => {
      ownId ??= (await library.jobs.queue()).workers[0]?.id
      if (job.worker !== ownId) return
      const ran = job.startedAt && job.finishedAt ? Date.parse(job.finishedAt) - Date.parse(job.startedAt) : null
      const took = ran === null ? '' : ` in ${(ran / 1000).toFixed(1)} s`
      say(`${job.state} · ${job.title}${took}${job.error ? `: ${job.error}` : ''}`)
    })().catch(() => {})
  })
}

/** The hub's worker setup, or an error saying in words why there is none. */
async function fetchSetup(hub: string, token: string): Promise<WorkerSetup> {
  const url = new URL('/worker', hub)
  let reply: Response
  try {
    reply = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  } catch (error) {
    throw new Error(`no hub answers at ${hub}: ${(error as Error).cause ?? (error as Error).message}`)
  }
  const body = (await reply.json().catch(() => null)) as { error?: { message?: string } } | null
  if (!reply.ok) {
    const words = body?.error?.message ?? `HTTP ${reply.status}`
    if (reply.status === 404) throw new WorkerRefused(`${hub} is no Framevault hub that takes workers (${words})`)
    // A hub that is starting or whose catalogue is away answers again; a refused token does not.
    if (reply.status >= 500) throw new Error(`the hub at ${hub} answered: ${words}`)
    throw new WorkerRefused(`the hub at ${hub} refused: ${words}`)
  }
  const read = WorkerSetup.safeParse(body)
  if (!read.success) throw new Error(`the hub at ${hub} answered with no worker setup this Framevault reads.`)
  return read.data
}

/** The kinds to claim: those asked for (each one the hub queues), else all the hub queues that this machine can run. */
function claimedKinds(queued: readonly JobKind[], asked: readonly JobKind[] | undefined, say: (line: string) => void) {
  if (asked) {
    const strange = asked.filter((kind) => !queued.includes(kind))
    if (strange.length > 0) {
      throw new Error(`the hub runs ${strange.join(', ')} jobs itself; a worker takes ${queued.join(', ')}.`)
    }
    return asked
  }
  let claimed = queued
  for (const [need, check] of Object.entries(NEED_CHECKS)) {
    const needing = queued.filter((kind) => needsOf(kind).includes(need as JobNeed))
    if (needing.length === 0 || check.found()) continue
    say(`${check.missing}: ${needing.join(', ')} jobs are left to workers that have it.`)
    claimed = claimed.filter((kind) => !needing.includes(kind))
  }
  return claimed
}

/** What a kind's handler needs of the machine that runs it. */
function needsOf(kind: JobKind): readonly JobNeed[] {
  return jobHandlers.find((handler) => handler.kind === kind)?.needs ?? []
}

function hasTesseract(): boolean {
  return spawnSync(tesseractPath(), ['--version'], { stdio: 'ignore' }).status === 0
}

/** The hub's folder store, for a worker on the hub's own machine. */
function folderStore(folder: string | null) {
  if (folder === null || !existsSync(folder)) {
    throw new Error(
      `the hub keeps its files in a folder on its own machine${folder ? ` (${folder}), not found here` : ''}: ` +
        'a worker on another machine needs a hub started with --store s3://… and --database postgres://….',
    )
  }
  return folderObjectStore(folder, realPathOf(folder))
}
