import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportJob, Job, MediaAsset } from '../../shared/contract'
import { thumbnailKeys } from '../../main/library/library-paths'
import { resolveMediaTools } from '../../main/media/media-tools'
import { openLibrary } from '../../main/app/open-library'
import type { PushReport } from '../../main/services/push/push-library'
import { cli } from '../helpers/cli'
import { fakeRenderer, startHostCli, stopChild, type StartedHost } from '../helpers/host-cli'
import { importAndWait } from '../helpers/ingest'
import { postChannel } from '../helpers/http'
import { tempDir } from '../helpers/temp-dir'
import { bucketKeys, freshBucket } from '../helpers/s3-service'
import { useS3Service } from '../helpers/use-s3-service'

const service = useS3Service()
const FILES = 200
// Files of the library a hub killed midway through its push.
const PUSHED = 60

/** `count` distinct small PNGs (frames of ffmpeg's test pattern) in a fresh folder. */
function distinctImages(count: number): string {
  const dir = path.join(tempDir(), 'frames')
  mkdirSync(dir)
  const pattern = `testsrc2=size=96x64:rate=25:duration=${count / 25}`
  execFileSync(resolveMediaTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', pattern, path.join(dir, 'f%03d.png')])
  return dir
}

/** Calls a channel of the hub's API as its admin. */
async function api<T>(hub: StartedHost, channel: string, input: object): Promise<T> {
  const reply = await postChannel(hub.port, hub.token, channel, input)
  const answer = reply.json() as { ok: boolean; data: T; error?: { message: string } }
  if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`)
  return answer.data
}

/** The keys of the media objects in the bucket, sorted. */
async function mediaKeys(bucket: string): Promise<string[]> {
  return (await bucketKeys(service(), bucket)).filter((key) => key.startsWith('media/'))
}

/** `npm run hub`'s arguments for a hub with its data in `data` and its files in `bucket` (and `extra`). */
function hubArgs(data: string, bucket: string, extra: string[] = []): string[] {
  const { endpoint, region } = service()
  const store = `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=${region}`
  return ['--data', data, '--store', store, '--port', '0', '--renderer', fakeRenderer(), ...extra]
}

/** The environment a hub finds the S3 service's keys in. */
function s3Env(): NodeJS.ProcessEnv {
  const { accessKeyId, secretAccessKey } = service()
  return { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey }
}

/** Every asset on the hub (one page: the tests hold fewer than 500). */
async function listed(hub: StartedHost): Promise<MediaAsset[]> {
  const page = await api<{ items: MediaAsset[]; nextCursor: unknown }>(hub, 'media:list', { limit: 500, view: 'full' })
  expect(page.nextCursor).toBeNull()
  return page.items
}

const importJob = async (hub: StartedHost, jobId: string) =>
  (await api<{ job: ImportJob }>(hub, 'import:get', { jobId })).job

async function until(holds: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await holds())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('a hub killed during an import (PostgreSQL + S3)', () => {
  it('imports the rest after a restart: every object has its row and every row its object, nothing twice', async () => {
    const bucket = await freshBucket(service(), 'crash')
    const frames = distinctImages(FILES)
    const data = tempDir()
    const start = () =>
      startHostCli('main/hub/hub-cli.ts', hubArgs(data, bucket, ['--allow-import-from', frames]), s3Env())

    const first = await start()
    const { job } = await api<{ job: ImportJob }>(first, 'media:import', { paths: [frames], link: false })
    await until(async () => (await importJob(first, job.id)).counts.imported >= FILES / 5)
    first.child.kill('SIGKILL')
    await new Promise((resolve) => first.child.once('exit', resolve))

    const second = await start()
    const killed = (await api<{ job: Job }>(second, 'jobs:get', { jobId: job.id })).job
    expect(killed.state).toBe('failed')
    const again = (await api<{ job: ImportJob }>(second, 'media:import', { paths: [frames], link: false })).job
    await until(async () => (await importJob(second, again.id)).state === 'done')
    const { counts } = await importJob(second, again.id)
    expect(counts.failed).toBe(0)
    expect(counts.imported + counts.duplicate).toBe(FILES)
    expect(counts.duplicate).toBeGreaterThanOrEqual(FILES / 5)

    const assets = await listed(second)
    expect(new Set(assets.map((asset) => asset.name)).size).toBe(FILES)
    expect(await mediaKeys(bucket)).toEqual(assets.map((asset) => asset.filePath).sort())
    // Thumbnails only of assets that have rows.
    const posters = new Set(assets.map((asset) => thumbnailKeys(asset.id).poster))
    const keys = await bucketKeys(service(), bucket)
    expect(
      keys.filter((key) => key.endsWith('.jpg') && !key.endsWith('.sprite.jpg')).every((key) => posters.has(key)),
    ).toBe(true)
    // The killed import's notes were finished and cleared at the restart.
    expect(readdirSync(path.join(data, 'library', 'tmp')).filter((name) => name.endsWith('.placing'))).toEqual([])
    await stopChild(second.child)
  }, 300_000)
})

describe('a hub killed during a push (PostgreSQL + S3)', () => {
  it('takes the push again after a restart: the library is all there, every object with its row, nothing twice', async () => {
    const bucket = await freshBucket(service(), 'crash')
    const source = tempDir()
    const local = openLibrary(source)
    await importAndWait(local, [distinctImages(PUSHED)])
    await local.close()
    const hubData = tempDir()
    const start = () => startHostCli('main/hub/hub-cli.ts', hubArgs(hubData, bucket), s3Env())
    const push = (hub: StartedHost) =>
      cli(['push', '--library', source, '--hub', `http://127.0.0.1:${hub.port}`, '--token', hub.token])

    const first = await start()
    const cut = push(first)
    await until(async () => (await listed(first)).length >= PUSHED / 4)
    first.child.kill('SIGKILL')
    await new Promise((resolve) => first.child.once('exit', resolve))
    const failed = await cut
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('No answer from')

    const second = await start()
    const done = await push(second)
    expect(done.code).toBe(0)
    const report = JSON.parse(done.stdout) as PushReport
    expect(report).toMatchObject({ assets: PUSHED, failed: [] })
    expect(report.sent + report.alreadyThere).toBe(PUSHED)
    expect(report.alreadyThere).toBeGreaterThanOrEqual(PUSHED / 4)
    const assets = await listed(second)
    expect(new Set(assets.map((asset) => asset.name)).size).toBe(PUSHED)
    expect(await mediaKeys(bucket)).toEqual(assets.map((asset) => asset.filePath).sort())
    await stopChild(second.child)
  }, 300_000)
})
