import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import type { CachedAnalysis, Job, ProcessingRun } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openHubLibrary, type HubDatabase } from '../../main/app/open-hub-library'
import { openHubStore } from '../../main/hub/hub-store'
import { thumbnailKeys } from '../../main/library/library-paths'
import { openAssetBytes } from '../../main/storage/asset-bytes'
import { s3ObjectStore } from '../../main/storage/s3-object-store'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { deadPid } from '../helpers/processes'
import { bucketKeys, freshBucket } from '../helpers/s3-service'
import { useS3Service } from '../helpers/use-s3-service'
import { freshHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const service = useS3Service()

/** A fresh bucket on the test's S3 service. */
const newBucket = () => freshBucket(service(), 'hub')
/** Every key in the bucket, sorted. */
const keysIn = (bucket: string) => bucketKeys(service(), bucket)

const opened: Library[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((lib) => lib.close()))
  vi.unstubAllEnvs()
})

/** A hub's library on `database` with its bytes in `bucket`, and `dir` as this machine's folder for temporary files. */
async function hubOnS3(dir: string, database: HubDatabase, bucket: string, actor: string): Promise<Library> {
  const { endpoint, region, accessKeyId, secretAccessKey } = service()
  const store = s3ObjectStore({
    bucket,
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey },
    localDir: dir,
  })
  const lib = await openHubLibrary(dir, database, { actor, store })
  opened.push(lib)
  return lib
}

async function jobOf(lib: Library, channel: 'analysis:run' | 'processing:run', input: object): Promise<Job> {
  const { job } = await call<{ job: Job }>(lib, channel, input)
  await lib.jobs.settled(job.id)
  return lib.jobs.get(job.id) as Promise<Job>
}

describe('a hub with its bytes in S3 (Swift)', () => {
  it('keeps copies and thumbnails in the bucket, its rows naming them by key alone; reads them back by range', async () => {
    const database = await freshHubDatabase()
    const bucket = await newBucket()
    const dir = tempDir()
    const lib = await hubOnS3(dir, database, bucket, 'ann')

    const { job, items } = await importAndWait(lib, [fixtures.mp4, fixtures.png, fixtures.duplicate])
    expect(job.counts).toMatchObject({ imported: 2, duplicate: 1, failed: 0 })
    // Settings says where the media live (issue 64 point 7): the bucket, not the local folder.
    const info = await call<{ filesAt: string | null; path: string }>(lib, 'library:info', {})
    expect(info.filesAt).toBe(`s3://${bucket} at ${service().endpoint}`)
    const rows = await database.sql.all<{ id: string; file_path: string; object_key: string }>(
      'SELECT id, file_path, object_key FROM videos ORDER BY id',
    )
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row.file_path).toBe(row.object_key)
      expect(row.object_key).toMatch(/^media\/(videos|images)\/[0-9a-f]{2}\//)
    }
    const keys = await keysIn(bucket)
    for (const row of rows) {
      expect(keys).toContain(row.object_key)
      expect(keys).toContain(thumbnailKeys(row.id).poster)
    }
    // Nothing of the library's own on this machine's disk: its folder holds temporary files only.
    expect(existsSync(path.join(dir, 'media'))).toBe(false)
    expect(existsSync(path.join(dir, 'derived', 'thumbs'))).toBe(false)

    const clip = items.find((item) => item.path === fixtures.mp4)!.asset!
    const file = (await lib.catalog.repos.media.fileOf(clip.id))!
    const opened = await openAssetBytes(lib, file, 'video/mp4')
    expect(opened.size).toBe(readFileSync(fixtures.mp4).length)
    expect(await buffer(opened.read({ start: 100, end: 199 }))).toEqual(readFileSync(fixtures.mp4).subarray(100, 200))

    const provenance = await call<{ filePath: string; libraryPath: string }>(lib, 'media:provenance', { id: clip.id })
    expect(provenance).toMatchObject({ filePath: file.objectKey, libraryPath: file.objectKey })
  })

  it('caches analyses and processing runs by key: a result one machine computed is a hit on another', async () => {
    const database = await freshHubDatabase()
    const bucket = await newBucket()
    const here = await hubOnS3(tempDir(), database, bucket, 'ann')
    const { items } = await importAndWait(here, [fixtures.webm])
    const assetId = items[0]!.asset!.id
    const key = (await here.catalog.repos.media.fileOf(assetId))!.objectKey!

    const analysed = await jobOf(here, 'analysis:run', { assetId, analyzer: 'loudness' })
    expect(analysed).toMatchObject({ state: 'done', result: { cached: false } })
    const converted = await jobOf(here, 'processing:run', { assetId, action: 'convert' })
    expect(converted).toMatchObject({ state: 'done', result: { cached: false } })
    const outputId = (converted.result as { outputAssetId: string }).outputAssetId
    const outputKey = (await here.catalog.repos.media.fileOf(outputId))!.objectKey!
    expect(await keysIn(bucket)).toContain(outputKey)
    expect(await database.sql.all('SELECT file_path FROM analysis_jobs')).toEqual([{ file_path: key }])
    expect(await database.sql.all('SELECT input_path, output_path FROM processing_jobs')).toEqual([
      { input_path: key, output_path: outputKey },
    ])

    // Another machine (its own temp folder, no download of the file yet) finds both in the cache.
    const there = await hubOnS3(tempDir(), database, bucket, 'bo')
    expect(await jobOf(there, 'analysis:run', { assetId, analyzer: 'loudness' })).toMatchObject({
      state: 'done',
      result: { cached: true, matchedBy: 'path' },
    })
    expect(await jobOf(there, 'processing:run', { assetId, action: 'convert' })).toMatchObject({
      state: 'done',
      result: { cached: true, outputAssetId: outputId },
    })
    const { analyses } = await call<{ analyses: CachedAnalysis[] }>(there, 'analysis:list', { assetId })
    expect(analyses.map((analysis) => [analysis.analyzer, analysis.valid])).toEqual([['loudness', true]])
    const { runs } = await call<{ runs: ProcessingRun[] }>(there, 'processing:list', { assetId: outputId })
    expect(runs.map((run) => [run.inputAssetId, run.outputAssetId])).toEqual([[assetId, outputId]])
  })

  it('moves a deleted copy to the trash in the bucket and back on undo; refuses to link files in words', async () => {
    const database = await freshHubDatabase()
    const bucket = await newBucket()
    const lib = await hubOnS3(tempDir(), database, bucket, 'ann')
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const id = items[0]!.asset!.id
    const key = (await lib.catalog.repos.media.fileOf(id))!.objectKey!

    const deleted = await call<{ batchId: string }>(lib, 'media:delete', { ids: [id] })
    const inTrash = await keysIn(bucket)
    expect(inTrash).not.toContain(key)
    expect(inTrash.filter((one) => one.endsWith(key))).toHaveLength(1)
    await call(lib, 'trash:undo', { batchId: deleted.batchId })
    const back = await keysIn(bucket)
    expect(back).toContain(key)
    expect(back.filter((one) => one.endsWith(key))).toHaveLength(1)

    await expect(call(lib, 'media:import', { paths: [fixtures.png], link: true })).rejects.toThrow(
      /keeps a copy of every file/,
    )
    await expect(call(lib, 'watch:add', { path: path.dirname(fixtures.png), mode: 'link' })).rejects.toThrow(
      /copies what it imports/,
    )
  })
})

describe('a hub looking for its files', () => {
  it('asks the bucket whether they are there, without downloading them (relink)', async () => {
    const dir = tempDir()
    const lib = await hubOnS3(dir, await freshHubDatabase(), await newBucket(), 'ann')
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const id = items[0]!.asset!.id
    // The thumbnails' download goes; a look that downloads would bring it back.
    rmSync(path.join(dir, 'cache'), { recursive: true, force: true })
    const { job } = await call<{ job: Job }>(lib, 'health:relink', { folder: tempDir(), ids: [id] })
    await lib.jobs.settled(job.id)
    expect((await lib.jobs.get(job.id)).result).toMatchObject({ items: [{ id, outcome: 'present' }] })
    expect(existsSync(path.join(dir, 'cache'))).toBe(false)
  })
})

describe('a hub killed between storing an object and writing its row', () => {
  it('gets the row from the import note at the next open, the object found in the bucket by its key', async () => {
    const database = await freshHubDatabase()
    const bucket = await newBucket()
    const dir = tempDir()
    const lib = await hubOnS3(dir, database, bucket, 'ann')
    // Every write of the row fails, as a kill between the object's upload and the row's commit would leave it.
    const { catalog } = lib
    const transaction = catalog.transaction.bind(catalog)
    catalog.transaction = (work, options) =>
      transaction((repos) => {
        repos.media.insertUnlessTaken = () => Promise.reject(new Error('killed before the row was written'))
        return work(repos)
      }, options)
    const { job } = await importAndWait(lib, [fixtures.mp4])
    expect(job).toMatchObject({ state: 'failed', error: 'killed before the row was written' })
    await lib.close()
    opened.splice(opened.indexOf(lib), 1)
    const [key] = (await keysIn(bucket)).filter((one) => one.startsWith('media/'))
    const tmp = path.join(dir, 'tmp')
    const [note] = readdirSync(tmp).filter((name) => name.endsWith('.placing'))
    renameSync(path.join(tmp, note!), path.join(tmp, note!.replace(/^\d+-/, `${await deadPid()}-`)))

    const again = await hubOnS3(dir, database, bucket, 'ann')
    await again.opened
    await expect
      .poll(() => database.sql.all('SELECT file_path, object_key FROM videos'))
      .toEqual([{ file_path: key, object_key: key }])
    await expect.poll(() => readdirSync(tmp).filter((name) => name.endsWith('.placing'))).toEqual([])
  })
})

describe('openHubStore', () => {
  it('opens the bucket a URL names with credentials from the environment, and says what is wrong in words', async () => {
    const { endpoint, region, accessKeyId, secretAccessKey } = service()
    const bucket = await newBucket()
    vi.stubEnv('AWS_ACCESS_KEY_ID', accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', secretAccessKey)
    const url = (name: string) => `s3://${name}/team?endpoint=${encodeURIComponent(endpoint)}&region=${region}`

    const opened = await openHubStore(url(bucket), tempDir())
    expect(opened.where).toBe(`S3 bucket ${bucket}/team at ${endpoint}`)
    await opened.store!.put('a/b', Buffer.from('bytes'))
    expect(await keysIn(bucket)).toEqual(['team/a/b'])

    await expect(openHubStore(url('no-such-bucket'), tempDir())).rejects.toThrow(
      `There is no bucket "no-such-bucket" at ${endpoint}.`,
    )
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wrong')
    await expect(openHubStore(url(bucket), tempDir())).rejects.toThrow(/S3 refused .* check the access key/)
    expect(await openHubStore(undefined, '/srv/hub/library')).toEqual({ where: 'in /srv/hub/library' })
  })
})
