import { createHash } from 'node:crypto'
import { closeSync, openSync, truncateSync } from 'node:fs'
import path from 'node:path'
import { HealthParams, HealthResult, type Job } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import type { MediaRepo } from '../../main/db/repos/media'
import { call } from './browse'

/** A file of `size` zero bytes that takes no disk (sparse): many bytes to hash, read at memory speed. */
export function sparseFile(file: string, size: number): string {
  closeSync(openSync(file, 'w'))
  truncateSync(file, size)
  return file
}

/** `sha256:<hex>` of `size` zero bytes, computed without the code under test. */
export function zerosDigest(size: number): string {
  const hash = createHash('sha256')
  const chunk = Buffer.alloc(1024 * 1024)
  for (let done = 0; done < size; done += chunk.length)
    hash.update(chunk.subarray(0, Math.min(chunk.length, size - done)))
  return `sha256:${hash.digest('hex')}`
}

/**
 * Inserts an asset row (linked unless `storage` says) for `file` with the given content facts (the file may be gone),
 * through the library's media repo or, inside one of its catalogue transactions, through that transaction's.
 */
export async function insertAssetRow(
  lib: Library,
  asset: { id: string; file: string; size: number; sha256: string; sampledId: string; storage?: 'copy' | 'link' },
  media: MediaRepo = lib.catalog.repos.media,
): Promise<void> {
  const now = new Date().toISOString()
  await media.insert({
    id: asset.id,
    name: path.basename(asset.file),
    filePath: asset.file,
    fileHash: asset.sha256,
    sizeBytes: asset.size,
    durationSeconds: null,
    resolution: null,
    aspectRatio: null,
    codec: null,
    fps: null,
    sourceType: 'uploaded',
    createdAt: now,
    metadata: {},
    mediaType: 'video',
    importedBy: 'tester',
    originalPath: asset.file,
    importedAt: now,
    sampledId: asset.sampledId,
    storage: asset.storage ?? 'link',
    objectKey: null,
  })
}

/**
 * A verify or relink job as the tests read it: the stored job, with its parameters' folder and its
 * stored result (figures, counts, listed items) parsed by the contract's schemas beside it.
 */
export function healthView(job: Job) {
  const result = HealthResult.parse(job.result)
  return {
    ...job,
    folder: HealthParams.parse(job.params).folder,
    filesTotal: result.files.total,
    filesDone: result.files.done,
    bytesTotal: result.bytes.total,
    bytesDone: result.bytes.done,
    counts: result.counts,
    unlisted: result.unlisted,
  }
}

/** Starts a verify or relink through the dispatcher and waits for its end; returns the job and its listed items. */
export async function runHealthJob(lib: Library, channel: 'health:verify' | 'health:relink', input: unknown) {
  const { job } = await call<{ job: Job }>(lib, channel, input)
  await lib.jobs.settled(job.id)
  const ended = (await call<{ job: Job }>(lib, 'jobs:get', { jobId: job.id })).job
  return { job: healthView(ended), items: HealthResult.parse(ended.result).items }
}
