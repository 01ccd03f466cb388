import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import type { ImportJob, Job, MediaAsset } from '../../shared/contract'
import { thumbnailKeys } from '../../main/library/library-paths'
import { resolveMediaTools } from '../../main/media/media-tools'
import { s3Client } from '../../main/storage/s3-client'
import { fakeRenderer, startHostCli, stopChild, type StartedHost } from '../helpers/host-cli'
import { http } from '../helpers/http'
import { tempDir } from '../helpers/temp-dir'
import { useS3Service } from '../helpers/use-s3-service'

const service = useS3Service()
const FILES = 200

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
  const reply = await http(hub.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: {
      host: `127.0.0.1:${hub.port}`,
      authorization: `Bearer ${hub.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(input),
  })
  const answer = reply.json() as { ok: boolean; data: T; error?: { message: string } }
  if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`)
  return answer.data
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
    const { endpoint, region, accessKeyId, secretAccessKey } = service()
    const client = s3Client({ endpoint, region, credentials: { accessKeyId, secretAccessKey } })
    const bucket = `crash-${process.pid}`
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
    const frames = distinctImages(FILES)
    const data = tempDir()
    const args = [
      ...['--data', data, '--store', `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=${region}`],
      ...['--allow-import-from', frames, '--port', '0', '--renderer', fakeRenderer()],
    ]
    const env = { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey }
    const start = () => startHostCli('main/hub/hub-cli.ts', args, env)

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

    const page = await api<{ items: MediaAsset[]; nextCursor: unknown }>(second, 'media:list', {
      sort: { by: 'name', dir: 'asc' },
      limit: 500,
    })
    expect([page.items.length, page.nextCursor]).toEqual([FILES, null])
    expect(new Set(page.items.map((asset) => asset.name)).size).toBe(FILES)
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
    const keys = (listed.Contents ?? []).map((object) => object.Key!)
    const media = keys.filter((key) => key.startsWith('media/')).sort()
    expect(media).toEqual(page.items.map((asset) => asset.filePath).sort())
    // Thumbnails only of assets that have rows.
    const posters = new Set(page.items.map((asset) => thumbnailKeys(asset.id).poster))
    expect(
      keys.filter((key) => key.endsWith('.jpg') && !key.endsWith('.sprite.jpg')).every((key) => posters.has(key)),
    ).toBe(true)
    // The killed import's notes were finished and cleared at the restart.
    expect(readdirSync(path.join(data, 'library', 'tmp')).filter((name) => name.endsWith('.placing'))).toEqual([])
    await stopChild(second.child)
  }, 300_000)
})
