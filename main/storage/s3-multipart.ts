import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type MultipartUpload,
  type Part,
  type S3Client,
} from '@aws-sdk/client-s3'
import type { PutResult } from './object-store'
import { codeOf, md5, statusOf } from './s3-client'

/** Where multipart uploads go and how they are cut. */
export interface PartsTarget {
  client: S3Client
  bucket: string
  /** Bytes per part (S3 wants at least 5 MiB for all parts but the last). */
  partSize: number
  /** Parts in flight at once. */
  concurrency: number
}

/** Bytes to upload: a local file or a buffer, read a slice at a time. */
export interface Source {
  size: number
  slice(start: number, end: number): Promise<Buffer>
}

// Swift's s3api takes at most 1000 parts by default (S3 10,000): a big file gets bigger parts.
const MAX_PARTS = 1000
const MIB = 1024 * 1024

/**
 * Uploads `source` to `key` in parts, resuming the newest open upload of that key: parts already stored whose
 * size and ETag (the MD5 of the part) match the local bytes are not sent again. `exclusive` completes with
 * `If-None-Match: *` ('existed' when an object got there first). A failure the service answers with a 4xx
 * (other than a timeout or throttling) aborts the upload; others (network, 5xx, a killed process) leave it to resume.
 */
export async function uploadInParts(
  target: PartsTarget,
  key: string,
  source: Source,
  exclusive: boolean,
): Promise<PutResult> {
  const { client, bucket } = target
  const open = await newestUpload(target, key)
  const stored = open ? await storedParts(target, key, open.UploadId!) : new Map<number, Part>()
  const uploadId =
    open?.UploadId ?? (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId!
  // A resumed upload keeps the part size it was started with (its first part tells it), when that size still fits.
  const first = stored.get(1)?.Size ?? 0
  const fits = first >= 5 * MIB && first < source.size && Math.ceil(source.size / first) <= MAX_PARTS
  const partSize = fits ? first : sizeOfParts(target, source.size)
  try {
    const parts = await eachPart(source.size, partSize, target.concurrency, async (number, start, end) => {
      const bytes = await source.slice(start, end)
      const digest = md5(bytes)
      const hex = digest.copy().digest('hex')
      const had = stored.get(number)
      if (had?.Size === bytes.length && had.ETag?.replaceAll('"', '') === hex) return had.ETag
      const sent = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: number,
          Body: bytes,
          ContentLength: bytes.length,
          ContentMD5: digest.digest('base64'),
        }),
      )
      return sent.ETag
    })
    return await complete(target, key, uploadId, parts, exclusive)
  } catch (error) {
    if (cannotResume(error)) await abort(target, key, uploadId)
    throw error
  }
}

/** Copies the object `from` to `to` by ranged part copies, for objects too big for one copy request. */
export async function copyInParts(
  target: PartsTarget,
  from: { key: string; size: number; etag: string; mtimeMs: number },
  to: string,
  exclusive: boolean,
): Promise<PutResult> {
  const { client, bucket } = target
  const uploadId = (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: to }))).UploadId!
  try {
    const copySource = `${bucket}/${from.key.split('/').map(encodeURIComponent).join('/')}`
    // Every part from the same bytes: a source replaced meanwhile fails the copy. Swift's s3api (2.30) matches
    // no multipart ETag ("…-N") in x-amz-copy-source-if-match, so such a source is held by its modification time.
    const sameSource = from.etag.includes('-')
      ? { CopySourceIfUnmodifiedSince: new Date(from.mtimeMs) }
      : { CopySourceIfMatch: from.etag }
    const parts = await eachPart(
      from.size,
      sizeOfParts(target, from.size),
      target.concurrency,
      async (n, start, end) => {
        const copied = await client.send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key: to,
            UploadId: uploadId,
            PartNumber: n,
            CopySource: copySource,
            CopySourceRange: `bytes=${start}-${end - 1}`,
            ...sameSource,
          }),
        )
        return copied.CopyPartResult?.ETag
      },
    )
    return await complete(target, to, uploadId, parts, exclusive)
  } catch (error) {
    await abort(target, to, uploadId)
    throw error
  }
}

function sizeOfParts(target: PartsTarget, size: number): number {
  return Math.max(target.partSize, Math.ceil(size / MAX_PARTS / MIB) * MIB)
}

/** Runs `send` for each part (numbered from 1), `concurrency` at a time; their ETags in part order. */
async function eachPart(
  size: number,
  partSize: number,
  concurrency: number,
  send: (number: number, start: number, end: number) => Promise<string | undefined>,
): Promise<CompletedPart[]> {
  const count = Math.max(1, Math.ceil(size / partSize))
  const parts: CompletedPart[] = []
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < count) {
      const index = next++
      try {
        const start = index * partSize
        parts[index] = { PartNumber: index + 1, ETag: await send(index + 1, start, Math.min(size, start + partSize)) }
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const results = await Promise.allSettled(Array.from({ length: Math.min(concurrency, count) }, worker))
  const failure = results.find((result) => result.status === 'rejected')
  if (failure) throw failure.reason
  return parts
}

async function complete(
  { client, bucket }: Pick<PartsTarget, 'client' | 'bucket'>,
  key: string,
  uploadId: string,
  parts: CompletedPart[],
  exclusive: boolean,
): Promise<PutResult> {
  try {
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
        IfNoneMatch: exclusive ? '*' : undefined,
      }),
    )
    return 'created'
  } catch (error) {
    if (exclusive && statusOf(error) === 412) {
      await abort({ client, bucket }, key, uploadId)
      return 'existed'
    }
    // A service without conditional writes: the caller asked (HEAD) just before.
    if (exclusive && codeOf(error) === 'NotImplemented')
      return complete({ client, bucket }, key, uploadId, parts, false)
    throw error
  }
}

async function newestUpload({ client, bucket }: PartsTarget, key: string): Promise<MultipartUpload | undefined> {
  const found: MultipartUpload[] = []
  let KeyMarker: string | undefined
  let UploadIdMarker: string | undefined
  do {
    const page = await client.send(
      new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key, KeyMarker, UploadIdMarker }),
    )
    found.push(...(page.Uploads ?? []).filter((upload) => upload.Key === key && upload.UploadId))
    ;({ NextKeyMarker: KeyMarker, NextUploadIdMarker: UploadIdMarker } = page)
    if (!page.IsTruncated) break
  } while (KeyMarker)
  return found.sort((a, b) => (b.Initiated?.getTime() ?? 0) - (a.Initiated?.getTime() ?? 0))[0]
}

async function storedParts({ client, bucket }: PartsTarget, key: string, uploadId: string): Promise<Map<number, Part>> {
  const parts = new Map<number, Part>()
  let PartNumberMarker: string | undefined
  do {
    const page = await client.send(
      new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker }),
    )
    for (const part of page.Parts ?? []) if (part.PartNumber) parts.set(part.PartNumber, part)
    PartNumberMarker = page.IsTruncated ? page.NextPartNumberMarker : undefined
  } while (PartNumberMarker)
  return parts
}

// A request the service refused for what it is (not a timeout or throttling) will be refused again.
function cannotResume(error: unknown): boolean {
  const status = statusOf(error)
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429
}

async function abort({ client, bucket }: Pick<PartsTarget, 'client' | 'bucket'>, key: string, uploadId: string) {
  await client
    .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
    .catch(() => undefined)
}
