import { createWriteStream } from 'node:fs'
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type GetObjectCommandOutput,
  type S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { AppError } from '../../shared/errors'
import { removeStaleTemps, tempFileName, writeAtomically } from '../library/atomic-write'
import { folderObjectStore } from './folder-object-store'
import { checkKey, isKey, type ByteRange, type ObjectStore, type OpenedObject, type PutResult } from './object-store'
import { downloadCache, type DownloadCacheLimits } from './download-cache'
import { codeOf, md5, s3Client, s3Failure, statusOf, withContentMd5, type S3Location } from './s3-client'
import { copyInParts, uploadInParts, type PartsTarget, type Source } from './s3-multipart'

export { parseStoreUrl, s3Client, type S3Location } from './s3-client'

export interface S3StoreOptions extends S3Location {
  /** A client to use instead of one made from endpoint/region/credentials. */
  client?: S3Client
  /** Absent: the AWS SDK's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...). */
  credentials?: S3ClientConfig['credentials']
  /** This machine's folder for downloaded copies (`localFile`), uploads being spooled and scratch folders. */
  localDir: string
  /** How large the downloaded copies may grow (default 20 GiB, least recently used first out; see download-cache.ts). */
  cache?: DownloadCacheLimits
  /** Files above this many bytes go up in parts (default 8 MiB). */
  multipartAbove?: number
  /** Bytes per part (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number
  /** Parts sent at once (default 4). */
  partConcurrency?: number
  /** Objects above this many bytes are copied in ranged parts (default 5 GiB, S3's limit for one copy). */
  copyPartsAbove?: number
}

const MIB = 1024 * 1024

/**
 * The object store in an S3 bucket (issue 34, a team hub's bytes). Objects are written whole (S3 never shows a
 * partial object); `putFile` asks first (HEAD), so bytes the store holds are never sent again, then creates with
 * `If-None-Match: *` where the service takes it; big files go up in parts that a later `putFile` resumes.
 */
export function s3ObjectStore(options: S3StoreOptions): ObjectStore {
  const { bucket, localDir } = options
  const downloads = path.join(localDir, 'cache', 's3')
  const cache = downloadCache(downloads, options.cache)
  const client = options.client ?? s3Client(options)
  const root = options.prefix ? `${checkKey(options.prefix)}/` : ''
  const full = (key: string) => root + checkKey(key)
  const target: PartsTarget = {
    client,
    bucket,
    partSize: options.partSize ?? 8 * MIB,
    concurrency: options.partConcurrency ?? 4,
  }
  const multipartAbove = options.multipartAbove ?? 8 * MIB
  const copyPartsAbove = options.copyPartsAbove ?? 5 * 1024 * MIB
  // Unknown until a conditional PUT is tried: Swift's s3api (2.30) answers 501 to If-None-Match on PUT and copy.
  let conditionalPut: boolean | undefined
  const local = folderObjectStore(localDir, localDir)
  const uploads = path.join(localDir, 'tmp', 's3-uploads')
  const fail = (error: unknown, key?: string) => s3Failure(error, options, key)

  const head = async (fullKey: string) => {
    try {
      const facts = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: fullKey }))
      return { size: facts.ContentLength ?? 0, mtimeMs: facts.LastModified?.getTime() ?? 0, etag: facts.ETag ?? '' }
    } catch (error) {
      if (statusOf(error) === 404) return null
      throw fail(error, fullKey)
    }
  }
  const putOnce = async (fullKey: string, bytes: Buffer, exclusive: boolean): Promise<PutResult> => {
    const conditional = exclusive && conditionalPut !== false
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: fullKey,
          Body: bytes,
          ContentLength: bytes.length,
          ContentMD5: md5(bytes).digest('base64'),
          IfNoneMatch: conditional ? '*' : undefined,
        }),
      )
      if (conditional) conditionalPut = true
      return 'created'
    } catch (error) {
      if (conditional && statusOf(error) === 412) return 'existed'
      if (!conditional || codeOf(error) !== 'NotImplemented') throw error
      conditionalPut = false
      return putOnce(fullKey, bytes, exclusive)
    }
  }
  const upload = async (fullKey: string, source: Source, exclusive: boolean): Promise<PutResult> => {
    try {
      if (source.size > multipartAbove) return await uploadInParts(target, fullKey, source, exclusive)
      return await putOnce(fullKey, await source.slice(0, source.size), exclusive)
    } catch (error) {
      // Another writer completed (or aborted) the upload this one was resuming: its object is there.
      if (exclusive && codeOf(error) === 'NoSuchUpload' && (await head(fullKey))) return 'existed'
      throw fail(error, fullKey)
    }
  }
  const uploadFile = async (fullKey: string, file: string, exclusive: boolean) => {
    const handle = await open(file, 'r')
    try {
      const { size } = await handle.stat()
      return await upload(fullKey, { size, slice: (start, end) => readSlice(handle, start, end) }, exclusive)
    } finally {
      await handle.close()
    }
  }
  // A tool's output or a stream goes through a local file first: its size is then known and each part re-readable.
  const viaFile = async (fullKey: string, fill: (file: string) => Promise<void>) => {
    await mkdir(uploads, { recursive: true })
    const file = tempFileName(uploads, 'part')
    try {
      await fill(file)
      await uploadFile(fullKey, file, false)
    } finally {
      await rm(file, { force: true })
    }
  }
  const keysBelow = async (fullPrefix: string) => {
    const keys: string[] = []
    let ContinuationToken: string | undefined
    do {
      const page = await client
        .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: fullPrefix, ContinuationToken }))
        .catch((error: unknown) => Promise.reject(fail(error)))
      keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])))
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (ContinuationToken)
    return keys
  }
  const getObject = async (fullKey: string, extra: { Range?: string; IfMatch?: string } = {}, signal?: AbortSignal) => {
    try {
      return await client.send(new GetObjectCommand({ Bucket: bucket, Key: fullKey, ...extra }), {
        abortSignal: signal,
      })
    } catch (error) {
      if (codeOf(error) === 'NoSuchKey') return null
      if (statusOf(error) === 412) throw new AppError('conflict', `${fullKey} changed since it was opened.`)
      throw fail(error, fullKey)
    }
  }

  return {
    location: `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''}${options.endpoint ? ` at ${options.endpoint}` : ''}`,
    async put(key, bytes) {
      const fullKey = full(key)
      if (bytes instanceof Uint8Array) {
        const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        await upload(fullKey, { size: buffer.length, slice: async (start, end) => buffer.subarray(start, end) }, false)
      } else {
        await viaFile(fullKey, (file) => pipeline(Readable.from(bytes), createWriteStream(file)))
      }
    },
    async write(key, fill) {
      await viaFile(full(key), fill)
    },
    async putFile(key, file, options) {
      const fullKey = full(key)
      if (await head(fullKey)) return 'existed'
      if ((await uploadFile(fullKey, file, true)) === 'existed') return 'existed'
      if (!options?.keep) await rm(file, { force: true })
      return 'created'
    },
    async copy(from, to) {
      const [source, fullFrom, fullTo] = [await head(full(from)), full(from), full(to)]
      if (!source) throw new AppError('not_found', `No object under ${from}.`, { key: from })
      if (await head(fullTo)) return 'existed'
      if (source.size > copyPartsAbove) {
        return copyInParts(target, { key: fullFrom, ...source }, fullTo, true).catch((error: unknown) =>
          Promise.reject(fail(error, fullTo)),
        )
      }
      for (;;) {
        const conditional = conditionalPut !== false
        try {
          const CopySource = `${bucket}/${fullFrom.split('/').map(encodeURIComponent).join('/')}`
          const IfNoneMatch = conditional ? '*' : undefined
          await client.send(new CopyObjectCommand({ Bucket: bucket, Key: fullTo, CopySource, IfNoneMatch }))
          return 'created'
        } catch (error) {
          if (conditional && statusOf(error) === 412) return 'existed'
          if (!conditional || codeOf(error) !== 'NotImplemented') throw fail(error, fullTo)
          conditionalPut = false
        }
      }
    },
    async get(key) {
      const object = await getObject(full(key))
      if (!object) return null
      const bytes = Buffer.from(await object.Body!.transformToByteArray())
      if (bytes.length !== object.ContentLength) throw new AppError('io', `${key} came down short.`, { key })
      return bytes
    },
    async open(key, contentType) {
      const fullKey = full(key)
      const facts = await head(fullKey)
      if (!facts) throw new AppError('not_found', `No object under ${key}.`, { key })
      return openedObject(facts, contentType, (range, signal) => {
        // If-Match: every read gets the bytes of the object as it was opened, or fails.
        const extra = { IfMatch: facts.etag, Range: range ? `bytes=${range.start}-${range.end}` : undefined }
        return getObject(fullKey, extra, signal)
      })
    },
    async stat(key) {
      const facts = await head(full(key))
      return facts && { size: facts.size, mtimeMs: facts.mtimeMs }
    },
    async localFile(key) {
      const fullKey = full(key)
      for (;;) {
        const facts = await head(fullKey)
        if (!facts) throw new AppError('not_found', `No object under ${key}.`, { key })
        // Named by the object's ETag: a copy here is of these very bytes, so it is used again as it is.
        const file = path.join(downloads, bucket, facts.etag.replace(/[^0-9A-Za-z-]/g, ''), ...fullKey.split('/'))
        const here = (await stat(file).catch(() => null))?.size === facts.size
        if (here && (await cache.used(file, facts.size))) return file
        const object = await getObject(fullKey, { IfMatch: facts.etag }).catch((error: unknown) => {
          if ((error as AppError).code === 'conflict') return null // replaced meanwhile: look again
          throw error
        })
        if (!object) continue
        await writeAtomically(file, async (temp) => {
          await pipeline(object.Body as Readable, createWriteStream(temp))
          const { size } = await stat(temp)
          if (size !== facts.size) throw new AppError('io', `${key} came down with ${size} of ${facts.size} bytes.`)
        })
        if (await cache.used(file, facts.size)) return file
      }
    },
    async list(below) {
      const keys = await keysBelow(`${full(below)}/`)
      return keys
        .map((stored) => stored.slice(root.length))
        .filter((key) => isKey(key))
        .sort()
    },
    async delete(key) {
      const fullKey = full(key)
      const keys = (await keysBelow(fullKey)).filter((stored) => stored === fullKey || stored.startsWith(`${fullKey}/`))
      for (let start = 0; start < keys.length; start += 1000) {
        const batch = keys.slice(start, start + 1000).map((Key) => ({ Key }))
        const command = new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } })
        const result = await client.send(withContentMd5(command)).catch((error: unknown) => Promise.reject(fail(error)))
        const refused = result.Errors?.[0]
        if (refused) throw new AppError('io', `S3 did not delete ${refused.Key}: ${refused.Code} ${refused.Message}`)
      }
      return keys.length > 0
    },
    scratch: () => local.scratch(),
    async sweepScratch() {
      await local.sweepScratch()
      await removeStaleTemps(uploads)
    },
  }
}

/** An opened object whose reads are ranged GETs; `close` cancels the reads still going. */
function openedObject(
  facts: { size: number; mtimeMs: number },
  contentType: string,
  get: (range: ByteRange | undefined, signal: AbortSignal) => Promise<GetObjectCommandOutput | null>,
): OpenedObject {
  const reading = new Set<AbortController>()
  return {
    size: facts.size,
    mtimeMs: facts.mtimeMs,
    contentType,
    read(range) {
      const bytes = new PassThrough()
      const controller = new AbortController()
      reading.add(controller)
      // A reader that leaves (destroys the stream) cancels the request or the download.
      bytes.once('close', () => {
        reading.delete(controller)
        controller.abort()
      })
      get(range, controller.signal)
        .then((object) => {
          if (!object) throw new AppError('not_found', 'The object was deleted since it was opened.')
          return pipeline(object.Body as Readable, bytes)
        })
        .catch((error: unknown) => bytes.destroy(error as Error))
      return bytes
    },
    async close() {
      for (const controller of reading) controller.abort()
      reading.clear()
    },
  }
}

async function readSlice(handle: FileHandle, start: number, end: number): Promise<Buffer> {
  const bytes = Buffer.alloc(end - start)
  let done = 0
  while (done < bytes.length) {
    const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done)
    if (bytesRead === 0) throw new AppError('io', 'The file shrank while it was being uploaded.')
    done += bytesRead
  }
  return bytes
}
