import type { ChildProcess } from 'node:child_process'
import pg from 'pg'
import { afterEach, expect, onTestFinished } from 'vitest'
import type { ImportJob, Job, MediaAsset } from '../../shared/contract'
import type { WorkerSetup } from '../../main/hub/worker-setup'
import { spawnCli } from './cli'
import { fakeRenderer, startHostCli, stopChild, type StartedHost } from './host-cli'
import { http, postChannel } from './http'
import { untilPrinted } from './printed'
import { bucketKeys, freshBucket } from './s3-service'
import { tempDir } from './temp-dir'
import { useS3Service } from './use-s3-service'

// Short leases, so a stopped worker's job comes back within seconds.
export const LEASE_MS = 3_000

/** A hub that runs no worker itself (`--workers 0`), its files in a fresh bucket, with the database it hands workers. */
export interface Hub {
  host: StartedHost
  url: string
  bucket: string
  db: pg.Pool
  /** The lease of the hub's and its workers' jobs. */
  leaseMs: number
}

/**
 * Hubs and `framevault worker` processes for a test file (issue 35), on one S3 service for the file: workers started
 * are stopped after each test, and what each printed (stdout and stderr) is kept in `printed`.
 */
export function useHubWorkers() {
  const service = useS3Service()
  const workers: ChildProcess[] = []
  const printed = new Map<ChildProcess, string>()
  afterEach(async () => {
    await Promise.all(workers.splice(0).map(stopChild))
  })

  /** The environment a hub and its workers find the S3 service's keys and the short lease in. */
  function env(leaseMs = LEASE_MS): NodeJS.ProcessEnv {
    const { accessKeyId, secretAccessKey } = service()
    return {
      ...process.env,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      FRAMEVAULT_JOB_LEASE_MS: String(leaseMs),
    }
  }

  /** The store argument of a hub whose files go to a fresh bucket, and that bucket. */
  async function freshStore(): Promise<{ store: string; bucket: string }> {
    const { endpoint, region } = service()
    const bucket = await freshBucket(service(), 'workers')
    return { store: `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=${region}`, bucket }
  }

  async function startHub(importFrom: string, leaseMs = LEASE_MS): Promise<Hub> {
    const { store, bucket } = await freshStore()
    const host = await startHostCli(
      'main/hub/hub-cli.ts',
      ['--data', tempDir(), '--store', store, '--port', '0', '--renderer', fakeRenderer(), '--workers', '0'].concat([
        '--allow-import-from',
        importFrom,
      ]),
      env(leaseMs),
    )
    expect(host.output).toContain('Workers: none here; long jobs wait for workers')
    const setup = (
      await http(host.port, { path: '/worker', headers: { authorization: `Bearer ${host.token}` } })
    ).json()
    const db = new pg.Pool({ connectionString: (setup as WorkerSetup).database, max: 2 })
    // The hub's own PostgreSQL stops with it, after the test.
    db.on('error', () => {})
    onTestFinished(() => db.end())
    return { host, url: `http://127.0.0.1:${host.port}`, bucket, db, leaseMs }
  }

  /** Starts `framevault worker` for the hub (more arguments after), once it says it works; stopped after the test. */
  async function startWorker(
    hub: Hub,
    concurrency = 2,
    more: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
  ): Promise<ChildProcess> {
    const args = ['worker', '--hub', hub.url, '--token', hub.host.token, '--concurrency', String(concurrency)]
    const child = spawnCli([...args, '--data', tempDir(), ...(more.args ?? [])], { ...env(hub.leaseMs), ...more.env })
    workers.push(child)
    const keep = (chunk: Buffer) => printed.set(child, (printed.get(child) ?? '') + chunk.toString('utf8'))
    child.stdout!.on('data', keep)
    child.stderr!.on('data', keep)
    await untilPrinted(child, 'Framevault worker for')
    return child
  }

  /** The keys of the hub's bucket that start with `prefix`. */
  async function objectsUnder(hub: Hub, prefix: string): Promise<string[]> {
    return (await bucketKeys(service(), hub.bucket)).filter((key) => key.startsWith(prefix))
  }

  /** The media objects in the bucket and the assets' keys: each should have the other. */
  async function mediaObjects(hub: Hub): Promise<{ objects: string[]; rows: string[] }> {
    return {
      objects: await objectsUnder(hub, 'media/'),
      rows: (await listed(hub)).map((asset) => asset.filePath).sort(),
    }
  }

  return { env, freshStore, startHub, startWorker, objectsUnder, mediaObjects, printed }
}

/** Calls a channel of the hub's API as its admin. */
export async function api<T>(hub: Hub, channel: string, input: object): Promise<T> {
  const reply = await postChannel(hub.host.port, hub.host.token, channel, input)
  const answer = reply.json() as { ok: boolean; data: T; error?: { message: string } }
  if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`)
  return answer.data
}

export const job = async (hub: Hub, jobId: string) => (await api<{ job: Job }>(hub, 'jobs:get', { jobId })).job

export async function until(holds: () => Promise<boolean>, ms = 180_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await holds())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Imports the folder's files on the hub (by path, as --allow-import-from lets it) and waits for the import. */
export async function importFolder(hub: Hub, folder: string): Promise<MediaAsset[]> {
  const started = (await api<{ job: ImportJob }>(hub, 'media:import', { paths: [folder], link: false })).job
  await until(async () => (await job(hub, started.id)).state === 'done')
  return listed(hub)
}

export async function listed(hub: Hub): Promise<MediaAsset[]> {
  return (await api<{ items: MediaAsset[] }>(hub, 'media:list', { limit: 500, view: 'full' })).items
}

/** Who held each job last (the worker's pid) and how many times it was claimed, as the catalogue says. */
export async function holders(
  hub: Hub,
  ids: readonly string[],
): Promise<Map<string, { pid: number; attempts: number }>> {
  const { rows } = await hub.db.query<{ id: string; owner_pid: number; attempts: number }>(
    'SELECT id, owner_pid, attempts FROM jobs WHERE id = ANY($1)',
    [ids],
  )
  return new Map(rows.map((row) => [row.id, { pid: row.owner_pid, attempts: row.attempts }]))
}
