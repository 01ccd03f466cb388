import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { buffer, text } from 'node:stream/consumers'
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { storeWithin, type ObjectStore } from '../../main/storage/object-store'
import { parseStoreUrl, s3Client, s3ObjectStore, type S3StoreOptions } from '../../main/storage/s3-object-store'
import { useS3Service } from '../helpers/use-s3-service'
import { tempDir } from '../helpers/temp-dir'
import {
  expectBadKeysRefused,
  expectCopiedOnce,
  expectFailedWritesLeaveNothing,
} from '../helpers/object-store-contract'

const service = useS3Service()
const MIB = 1024 * 1024

interface Harness {
  store: ObjectStore
  /** A client of its own (what it sends is not recorded). */
  client: S3Client
  /** The store's client, which records what it sends. */
  recording: S3Client
  bucket: string
  /** The commands the store sent, by name (`PutObjectCommand`, ...), with their part numbers. */
  sent: { command: string; part?: number }[]
  /** Runs before each command is sent; may throw to play a dropped connection, or act as another writer. */
  before: { hook?: (command: string, input: Record<string, unknown>) => Promise<void> | void }
}

let buckets = 0

function client(secretAccessKey = service().secretAccessKey): S3Client {
  const { endpoint, region, accessKeyId } = service()
  return s3Client({ endpoint, region, credentials: { accessKeyId, secretAccessKey } })
}

/** A store over a fresh bucket, through a client that records what it sends. */
async function s3Store(options: Partial<S3StoreOptions> = {}): Promise<Harness> {
  const bucket = `framevault-${process.pid}-${++buckets}`
  const raw = client()
  await raw.send(new CreateBucketCommand({ Bucket: bucket }))
  const recording = client()
  const harness: Harness = { store: undefined as never, client: raw, recording, bucket, sent: [], before: {} }
  recording.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>
      harness.sent.push({ command: context.commandName!, part: input.PartNumber as number | undefined })
      await harness.before.hook?.(context.commandName!, input)
      return next(args)
    },
    { step: 'initialize', name: 'recordCommands' },
  )
  harness.store = s3ObjectStore({ bucket, client: recording, localDir: tempDir(), ...options })
  return harness
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const commands = (harness: Harness) => harness.sent.map((sent) => sent.command)

async function storedBytes({ client, bucket }: Harness, key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return Buffer.from(await object.Body!.transformToByteArray())
}

async function openUploads({ client, bucket }: Harness): Promise<string[]> {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))
  return (page.Uploads ?? []).map((upload) => upload.Key!)
}

function fileOf(bytes: Uint8Array, name = 'file.bin'): string {
  const file = path.join(tempDir(), name)
  writeFileSync(file, bytes)
  return file
}

afterEach(() => {
  vi.unstubAllEnvs()
})

// Issue 34: the ObjectStore behaviours of test/integration/object-store.test.ts, on a real S3 API (Swift's s3api).
describe('the S3 object store on Swift', () => {
  it('keeps one object per key: a second put replaces it, a second putFile finds it there and sends no bytes', async () => {
    const harness = await s3Store()
    const { store } = harness
    await store.put('derived/thumbs/ab/abc.jpg', Buffer.from('first'))
    await store.put('derived/thumbs/ab/abc.jpg', Buffer.from('again'))
    expect((await storedBytes(harness, 'derived/thumbs/ab/abc.jpg')).toString()).toBe('again')

    const copy = fileOf(Buffer.from('video bytes'), 'copy.mp4')
    expect(await store.putFile('media/videos/ab/abc.mp4', copy, { keep: true })).toBe('created')
    expect(existsSync(copy)).toBe(true)
    const twin = fileOf(Buffer.from('other bytes'), 'twin.mp4')
    harness.sent.length = 0
    expect(await store.putFile('media/videos/ab/abc.mp4', twin)).toBe('existed')
    expect(commands(harness)).toEqual(['HeadObjectCommand'])
    expect(existsSync(twin)).toBe(true)
    expect((await store.get('media/videos/ab/abc.mp4'))?.toString()).toBe('video bytes')
    expect(await store.list('media')).toEqual(['media/videos/ab/abc.mp4'])
    expect(await store.list('derived')).toEqual(['derived/thumbs/ab/abc.jpg'])
    expect(await store.get('media/videos/ab/none.mp4')).toBeNull()
  })

  it('moves a file in, and lists (sorted), stats, downloads and deletes by key', async () => {
    const { store } = await s3Store()
    const scratch = await store.scratch()
    for (const name of ['000002.jpg', '000010.jpg', '000001.jpg']) {
      const frame = path.join(scratch.dir, name)
      writeFileSync(frame, `frame ${name}`)
      expect(await store.putFile(`derived/timelines/ab/f/${name}`, frame)).toBe('created')
      expect(existsSync(frame)).toBe(false)
    }
    await store.put('derived/timelines/abc/other.jpg', Buffer.from('not below ab'))
    await scratch.release()
    expect(existsSync(scratch.dir)).toBe(false)
    expect(await store.list('derived/timelines/ab')).toEqual([
      'derived/timelines/ab/f/000001.jpg',
      'derived/timelines/ab/f/000002.jpg',
      'derived/timelines/ab/f/000010.jpg',
    ])
    const facts = await store.stat('derived/timelines/ab/f/000001.jpg')
    expect(facts?.size).toBe('frame 000001.jpg'.length)
    expect(Math.abs(facts!.mtimeMs - Date.now())).toBeLessThan(60_000)
    expect(await store.stat('derived/timelines/ab/f/000003.jpg')).toBeNull()
    expect(await store.stat('derived/timelines/ab')).toBeNull()
    const local = await store.localFile('derived/timelines/ab/f/000001.jpg')
    expect(readFileSync(local, 'utf8')).toBe('frame 000001.jpg')
    expect(path.basename(local)).toBe('000001.jpg')

    expect(await store.delete('derived/timelines/ab/f/000002.jpg')).toBe(true)
    expect(await store.delete('derived/timelines/ab/f/000002.jpg')).toBe(false)
    expect(await store.delete('derived/timelines/ab')).toBe(true)
    expect(await store.delete('derived/timelines/ab')).toBe(false)
    expect(await store.list('derived')).toEqual(['derived/timelines/abc/other.jpg'])
  })

  it('leaves nothing under a key whose write fails midway, and keeps the object that was there', async () => {
    const harness = await s3Store()
    const { store } = harness
    await expectFailedWritesLeaveNothing(store)
    await store.write('media/images/ab/abc.png', async (temp) => writeFileSync(temp, 'made by a tool'))
    expect((await storedBytes(harness, 'media/images/ab/abc.png')).toString()).toBe('made by a tool')
  })

  it('reads byte ranges of an object as it was when opened', async () => {
    const { store } = await s3Store()
    await store.put('derived/thumbs/ab/abc.jpg', Buffer.from('0123456789'))
    const opened = await store.open('derived/thumbs/ab/abc.jpg', 'image/jpeg')
    expect(opened).toMatchObject({ size: 10, contentType: 'image/jpeg' })
    expect(opened.path).toBeUndefined()
    expect(await text(opened.read({ start: 2, end: 5 }))).toBe('2345')
    expect(await text(opened.read({ start: 9, end: 9 }))).toBe('9')
    expect(await text(opened.read())).toBe('0123456789')
    await opened.close()
    await expect(store.open('derived/thumbs/ab/none.jpg', 'image/jpeg')).rejects.toMatchObject({ code: 'not_found' })
    await expect(store.open('derived/thumbs', 'image/jpeg')).rejects.toMatchObject({ code: 'not_found' })

    // A reader that leaves after the first chunk (the stream destroyed) cancels its download; the object stays readable.
    const big = randomBytes(4 * MIB)
    await store.put('media/videos/ab/big.mp4', big)
    const video = await store.open('media/videos/ab/big.mp4', 'video/mp4')
    for await (const chunk of video.read({ start: 1000, end: 4 * MIB - 1 })) {
      expect(Buffer.compare(chunk as Buffer, big.subarray(1000, 1000 + (chunk as Buffer).length))).toBe(0)
      break
    }
    expect(await buffer(video.read({ start: 4 * MIB - 3, end: 4 * MIB - 1 }))).toEqual(big.subarray(4 * MIB - 3))
    // close() lets go of the reads still going: their streams fail instead of hanging.
    const cut = buffer(video.read())
    await video.close()
    await expect(cut).rejects.toThrow(/abort/i)

    // Replaced after it was opened: a read fails rather than mixing two objects' bytes.
    const before = await store.open('derived/thumbs/ab/abc.jpg', 'image/jpeg')
    await store.put('derived/thumbs/ab/abc.jpg', Buffer.from('abcdefghij'))
    await expect(text(before.read({ start: 0, end: 4 }))).rejects.toMatchObject({ code: 'conflict' })
    const after = await store.open('derived/thumbs/ab/abc.jpg', 'image/jpeg')
    expect(await text(after.read({ start: 0, end: 4 }))).toBe('abcde')
  })

  it('copies an object to a second key once: the copy stays when the first key is deleted', async () => {
    const { store } = await s3Store()
    await expectCopiedOnce(store)
  })

  it('copies an object too big for one copy request in ranged part copies', async () => {
    const harness = await s3Store({ copyPartsAbove: 6 * MIB, partSize: 5 * MIB })
    const bytes = randomBytes(11 * MIB + 7)
    await harness.store.put('media/videos/ab/big.mp4', bytes)
    harness.sent.length = 0
    expect(await harness.store.copy('media/videos/ab/big.mp4', 'trash/b/big.mp4')).toBe('created')
    expect(commands(harness).filter((name) => name === 'UploadPartCopyCommand')).toHaveLength(3)
    expect(sha256(await storedBytes(harness, 'trash/b/big.mp4'))).toBe(sha256(bytes))
    expect(await openUploads(harness)).toEqual([])
  })

  it('refuses keys that are not relative, /-separated names, from every method', async () => {
    const { store } = await s3Store()
    const file = fileOf(Buffer.from('x'))
    await expectBadKeysRefused(store, file)
  })

  it('keeps its objects below its prefix, and scopes keys with storeWithin', async () => {
    const harness = await s3Store({ prefix: 'team/library-1' })
    const frames = storeWithin(harness.store, 'derived/timelines')
    await frames.put('ab/cd/default-2fps/000001.jpg', Buffer.from('one'))
    const listed = await harness.client.send(new ListObjectsV2Command({ Bucket: harness.bucket }))
    expect(listed.Contents?.map((object) => object.Key)).toEqual([
      'team/library-1/derived/timelines/ab/cd/default-2fps/000001.jpg',
    ])
    expect(await frames.list('ab')).toEqual(['ab/cd/default-2fps/000001.jpg'])
    expect(await harness.store.list('derived')).toEqual(['derived/timelines/ab/cd/default-2fps/000001.jpg'])
    await expect(frames.get('../thumbs/x.jpg')).rejects.toThrow(/Not an object key/)
  })

  it('downloads an object once for tools that read files, and again when it was replaced', async () => {
    const harness = await s3Store()
    const { store } = harness
    const bytes = randomBytes(300_000)
    await store.put('media/videos/ab/abc.mp4', bytes)
    const file = await store.localFile('media/videos/ab/abc.mp4')
    expect(sha256(readFileSync(file))).toBe(sha256(bytes))
    harness.sent.length = 0
    expect(await store.localFile('media/videos/ab/abc.mp4')).toBe(file)
    expect(commands(harness)).toEqual(['HeadObjectCommand'])
    await store.put('media/videos/ab/abc.mp4', Buffer.from('made again'))
    const again = await store.localFile('media/videos/ab/abc.mp4')
    expect(again).not.toBe(file)
    expect(readFileSync(again, 'utf8')).toBe('made again')
    await expect(store.localFile('media/videos/ab/none.mp4')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('keeps its downloads to a size: the least recently used go, never one used within the spared time', async () => {
    const localDir = tempDir()
    const { store } = await s3Store({ localDir, cache: { maxBytes: 250_000, spareMs: 0 } })
    for (const name of ['a', 'b', 'c']) await store.put(`media/${name}`, randomBytes(100_000))
    const [a, b] = [await store.localFile('media/a'), await store.localFile('media/b')]
    // a is used again, so b is the least recently used when c comes down and the three pass the limit.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await store.localFile('media/a')).toBe(a)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const c = await store.localFile('media/c')
    await waitForTrim(localDir, 200_000)
    expect([existsSync(a), existsSync(b), existsSync(c)]).toEqual([true, false, true])
    // b comes down again when asked for.
    expect(readFileSync(await store.localFile('media/b'))).toHaveLength(100_000)

    // A store whose downloads were all used just now keeps them all, over the limit.
    const spared = await s3Store({ localDir: tempDir(), cache: { maxBytes: 150_000 } })
    for (const name of ['a', 'b']) await spared.store.put(`media/${name}`, randomBytes(100_000))
    const kept = [await spared.store.localFile('media/a'), await spared.store.localFile('media/b')]
    expect(kept.map((file) => existsSync(file))).toEqual([true, true])
  })
})

/** Waits until the downloads under `localDir` add up to at most `bytes` (the trim runs after the download). */
async function waitForTrim(localDir: string, bytes: number): Promise<void> {
  const size = () =>
    readdirSync(path.join(localDir, 'cache'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0)
  await vi.waitFor(() => expect(size()).toBeLessThanOrEqual(bytes))
}

describe('what S3 adds', () => {
  it('stores a streamed put of 3 MiB exactly (the corruption s3rver shows with the SDK default checksums)', async () => {
    const harness = await s3Store()
    const bytes = randomBytes(3 * MIB)
    async function* chunks() {
      for (let start = 0; start < bytes.length; start += 65_537) yield bytes.subarray(start, start + 65_537)
    }
    await harness.store.put('derived/processed/ab/out.mp4', chunks())
    const stored = await storedBytes(harness, 'derived/processed/ab/out.mp4')
    expect(stored.length).toBe(3_145_728)
    expect(sha256(stored)).toBe(sha256(bytes))
  })

  it('refuses a wrong secret key with words that say so, and stores nothing', async () => {
    const { bucket } = await s3Store()
    const { endpoint, region, accessKeyId } = service()
    const credentials = { accessKeyId, secretAccessKey: 'not-the-secret' }
    const store = s3ObjectStore({ bucket, endpoint, region, credentials, localDir: tempDir() })
    const refused = {
      code: 'unauthorized',
      message: expect.stringMatching(/S3 refused the request for bucket "framevault-.*" at http:\/\/127\.0\.0\.1:\d+/),
    }
    await expect(store.put('media/a.jpg', Buffer.from('x'))).rejects.toMatchObject(refused)
    await expect(store.get('media/a.jpg')).rejects.toMatchObject({
      message: expect.stringContaining('(SignatureDoesNotMatch): check the access key and secret key'),
    })
    // HEAD answers 403 with no body, so no S3 code: the words still say what to check.
    await expect(store.stat('media/a.jpg')).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('(HTTP 403): check the access key and secret key'),
    })
    await expect(store.putFile('media/a.jpg', fileOf(Buffer.from('x')))).rejects.toMatchObject(refused)
    const good = s3ObjectStore({ bucket, client: client(), localDir: tempDir() })
    expect(await good.list('media')).toEqual([])
  })

  it('says when the bucket is missing or the service cannot be reached', async () => {
    const { endpoint, region, accessKeyId, secretAccessKey } = service()
    const credentials = { accessKeyId, secretAccessKey }
    const nowhere = s3ObjectStore({ bucket: 'no-such-bucket', endpoint, region, credentials, localDir: tempDir() })
    await expect(nowhere.put('media/a.jpg', Buffer.from('x'))).rejects.toMatchObject({
      code: 'io',
      message: `There is no bucket "no-such-bucket" at ${endpoint}.`,
    })
    const closed = 'http://127.0.0.1:9'
    const away = s3ObjectStore({ bucket: 'bucket', endpoint: closed, region, credentials, localDir: tempDir() })
    await expect(away.stat('media/a.jpg')).rejects.toMatchObject({
      code: 'unreachable',
      message: 'S3 at http://127.0.0.1:9 could not be reached (ECONNREFUSED).',
    })
  })

  it('tries If-None-Match on a create; Swift 2.30 answers 501, so it falls back to HEAD-then-PUT and remembers', async () => {
    const harness = await s3Store()
    const statuses: number[] = []
    harness.before.hook = async (command, input) => {
      if (command === 'PutObjectCommand' && input.IfNoneMatch === '*') {
        // Send the same request by hand to see what the service says to it.
        const answer = await client()
          .send(new PutObjectCommand({ Bucket: harness.bucket, Key: 'probe', Body: 'x', IfNoneMatch: '*' }))
          .then(() => 200)
          .catch((error: { $metadata: { httpStatusCode: number } }) => error.$metadata.httpStatusCode)
        statuses.push(answer)
      }
    }
    expect(await harness.store.putFile('media/a.jpg', fileOf(Buffer.from('a')))).toBe('created')
    expect(statuses).toEqual([501])
    expect(commands(harness)).toEqual(['HeadObjectCommand', 'PutObjectCommand', 'PutObjectCommand'])
    harness.sent.length = 0
    expect(await harness.store.putFile('media/b.jpg', fileOf(Buffer.from('b')))).toBe('created')
    expect(commands(harness)).toEqual(['HeadObjectCommand', 'PutObjectCommand'])
    expect((await storedBytes(harness, 'media/b.jpg')).toString()).toBe('b')
  })

  it('completes a multipart putFile with If-None-Match, so a writer that got there first wins ("existed")', async () => {
    const harness = await s3Store({ multipartAbove: 5 * MIB, partSize: 5 * MIB })
    const bytes = randomBytes(6 * MIB)
    harness.before.hook = async (command) => {
      if (command !== 'CompleteMultipartUploadCommand') return
      await harness.client.send(new PutObjectCommand({ Bucket: harness.bucket, Key: 'media/v.mp4', Body: 'theirs' }))
    }
    const file = fileOf(bytes)
    expect(await harness.store.putFile('media/v.mp4', file)).toBe('existed')
    expect((await storedBytes(harness, 'media/v.mp4')).toString()).toBe('theirs')
    expect(existsSync(file)).toBe(true)
    expect(await openUploads(harness)).toEqual([])
  })

  it('resumes a multipart upload that was cut off: only the missing (or differing) parts are sent again', async () => {
    const options = { multipartAbove: 5 * MIB, partSize: 5 * MIB, partConcurrency: 1 }
    const first = await s3Store(options)
    const bytes = randomBytes(3 * 5 * MIB + 1_500_000)
    const file = fileOf(bytes, 'clip.mp4')
    // The connection drops while part 3 goes up (as when the app is killed mid-upload).
    first.before.hook = (command, input) => {
      if (command === 'UploadPartCommand' && input.PartNumber === 3) throw new Error('socket hang up')
    }
    await expect(first.store.putFile('media/videos/ab/clip.mp4', file)).rejects.toThrow('socket hang up')
    expect(await openUploads(first)).toEqual(['media/videos/ab/clip.mp4'])
    expect(await first.store.stat('media/videos/ab/clip.mp4')).toBeNull()
    const { Uploads } = await first.client.send(new ListMultipartUploadsCommand({ Bucket: first.bucket }))
    const uploadId = Uploads![0].UploadId!
    const parts = await first.client.send(
      new ListPartsCommand({ Bucket: first.bucket, Key: 'media/videos/ab/clip.mp4', UploadId: uploadId }),
    )
    expect(parts.Parts?.map((part) => [part.PartNumber, part.Size])).toEqual([
      [1, 5 * MIB],
      [2, 5 * MIB],
    ])
    // Part 2 as stored differs from the file (same size): it must go up again.
    await first.client.send(
      new UploadPartCommand({
        Bucket: first.bucket,
        Key: 'media/videos/ab/clip.mp4',
        UploadId: uploadId,
        PartNumber: 2,
        Body: randomBytes(5 * MIB),
      }),
    )

    // Another process (a new store, parts four at a time) puts the same file in.
    first.sent.length = 0
    first.before.hook = undefined
    const second = s3ObjectStore({
      ...options,
      partConcurrency: 4,
      bucket: first.bucket,
      client: first.recording,
      localDir: tempDir(),
    })
    expect(await second.putFile('media/videos/ab/clip.mp4', file)).toBe('created')
    const sentParts = first.sent.filter((sent) => sent.command === 'UploadPartCommand').map((sent) => sent.part)
    expect(sentParts.sort()).toEqual([2, 3, 4])
    expect(commands(first).filter((name) => name === 'CreateMultipartUploadCommand')).toEqual([])
    expect(sha256(await storedBytes(first, 'media/videos/ab/clip.mp4'))).toBe(sha256(bytes))
    expect(await openUploads(first)).toEqual([])
    expect(existsSync(file)).toBe(false)
  })

  it('aborts a multipart upload the service refuses, leaving nothing to resume', async () => {
    // Parts of 1 MiB are below Swift's (and S3's) 5 MiB minimum: the completion is refused (EntityTooSmall).
    const harness = await s3Store({ multipartAbove: 1 * MIB, partSize: 1 * MIB })
    const file = fileOf(randomBytes(2 * MIB + 10))
    await expect(harness.store.putFile('media/small-parts.bin', file)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('EntityTooSmall'),
    })
    expect(commands(harness).filter((name) => name === 'UploadPartCommand')).toHaveLength(3)
    expect(commands(harness)).toContain('AbortMultipartUploadCommand')
    expect(await openUploads(harness)).toEqual([])
    expect(await harness.store.stat('media/small-parts.bin')).toBeNull()
    expect(existsSync(file)).toBe(true)
  })

  it('sends no bytes for a big file the store holds already', async () => {
    const harness = await s3Store({ multipartAbove: 5 * MIB, partSize: 5 * MIB })
    const bytes = randomBytes(11 * MIB)
    expect(await harness.store.putFile('media/v.mp4', fileOf(bytes), { keep: true })).toBe('created')
    expect(commands(harness).filter((name) => name === 'UploadPartCommand')).toHaveLength(3)
    harness.sent.length = 0
    expect(await harness.store.putFile('media/v.mp4', fileOf(bytes))).toBe('existed')
    expect(commands(harness)).toEqual(['HeadObjectCommand'])
    expect(
      await harness.client.send(new HeadObjectCommand({ Bucket: harness.bucket, Key: 'media/v.mp4' })),
    ).toMatchObject({ ContentLength: 11 * MIB })
  })
})

describe('s3:// store URLs', () => {
  it('reads bucket, prefix, endpoint and region; the store it names works with the SDK credentials from the environment', async () => {
    expect(parseStoreUrl('s3://bucket?endpoint=http://127.0.0.1:8080&region=us-east-1')).toEqual({
      bucket: 'bucket',
      endpoint: 'http://127.0.0.1:8080',
      region: 'us-east-1',
    })
    expect(parseStoreUrl('s3://team-media/libraries/one/')).toEqual({ bucket: 'team-media', prefix: 'libraries/one' })

    const { bucket } = await s3Store()
    const { endpoint, region, accessKeyId, secretAccessKey } = service()
    vi.stubEnv('AWS_ACCESS_KEY_ID', accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', secretAccessKey)
    const url = `s3://${bucket}/lib?endpoint=${encodeURIComponent(endpoint)}&region=${region}`
    const store = s3ObjectStore({ ...parseStoreUrl(url), localDir: tempDir() })
    await store.put('media/a.jpg', Buffer.from('through the URL'))
    expect((await client().send(new GetObjectCommand({ Bucket: bucket, Key: 'lib/media/a.jpg' }))).ContentLength).toBe(
      15,
    )
  })

  it('refuses a bad URL in words', () => {
    const refusals: [string, RegExp][] = [
      ['http://bucket', /does not start with s3:\/\/bucket/],
      ['s3://', /"" is not a bucket name/],
      ['s3://My_Bucket', /"My_Bucket" is not a bucket name/],
      ['s3://key:secret@bucket', /credentials do not go in the URL; set AWS_ACCESS_KEY_ID/],
      ['s3://bucket/a/../b', /"a\/..\/b" is not a key prefix/],
      ['s3://bucket?endpoint=ftp://host', /endpoint "ftp:\/\/host" is not http\(s\)/],
      ['s3://bucket?endpoint=not a url', /endpoint "not a url" is not a URL/],
      ['s3://bucket?endpiont=http://host', /"endpiont" is not an option \(endpoint and region are\)/],
    ]
    for (const [url, why] of refusals) {
      expect(() => parseStoreUrl(url)).toThrow(why)
      expect(() => parseStoreUrl(url)).toThrow(/^Not an S3 store URL: .* \(expected s3:\/\/bucket\[\/prefix\]/)
    }
  })
})
