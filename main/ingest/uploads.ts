import { createHash, randomUUID } from 'node:crypto'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../../shared/errors'
import { realPathInside } from '../security/contained-path'
import type { UploadedSource } from './import-request'
import { fsyncPath, newUploadFile, removeQuietly } from '../library/atomic-write'
import { createResumableUploads, type ResumeRequest } from './resumable-uploads'

/** An upload received (written, flushed to disk once claimed), waiting for `media:import-uploads`. */
export interface ReceivedUpload {
  uploadId: string
  name: string
  size: number
  sha256: string
}

/** Limits on uploads; the defaults suit video. */
export interface UploadOptions {
  /** Largest single upload in bytes (default 64 GiB). */
  maxUploadBytes?: number
  /** Most bytes of uploads received or arriving and not yet claimed by an import (default 256 GiB). */
  maxUnclaimedBytes?: number
  /** How long a received upload waits for `media:import-uploads` before it is deleted (default 1 hour). */
  unclaimedTtlMs?: number
}

const GIB = 1024 ** 3
// The received bytes are written in chunks of up to this much (the write stream's default is 16 KiB).
const UPLOAD_WRITE_CHUNK = 1024 * 1024
export const UPLOAD_DEFAULTS = {
  maxUploadBytes: 64 * GIB,
  maxUnclaimedBytes: 256 * GIB,
  unclaimedTtlMs: 60 * 60 * 1000,
} satisfies Required<UploadOptions>

/**
 * Files uploaded through the web host: streamed into the library's temp folder and hashed
 * on the way, so the pipeline neither reads them twice nor copies them (they are moved).
 * Uploads nobody claims expire, and size caps keep a client from filling the disk.
 */
export function createUploads(libraryDir: string, options: UploadOptions = {}) {
  // An option given as undefined (a flag left out) keeps its default rather than removing the cap.
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  const limits: Required<UploadOptions> = { ...UPLOAD_DEFAULTS, ...given }
  const received = new Map<string, Waiting>()
  // Bytes of unclaimed uploads plus bytes of uploads still arriving.
  let pendingBytes = 0

  const tooLarge = (what: string, limit: number) =>
    new AppError('too_large', `${what} is larger than this host accepts (${formatBytes(limit)}).`, { limit })
  // `held`: the bytes of resumable uploads kept from earlier requests, which count as waiting too.
  const checkTotal = (extra: number, held = 0) => {
    if (pendingBytes + held + extra > limits.maxUnclaimedBytes) {
      throw tooLarge('Together with the uploads waiting to be imported, this upload', limits.maxUnclaimedBytes)
    }
  }
  const release = (uploadId: string): UploadedSource | undefined => {
    const entry = received.get(uploadId)
    if (!entry) return undefined
    received.delete(uploadId)
    clearTimeout(entry.expiry)
    pendingBytes -= entry.source.size
    return entry.source
  }

  const resumable = createResumableUploads(libraryDir, limits.maxUploadBytes)
  /** Keeps a file (counted in pendingBytes) for an import to claim until `expiresAt`, when it is deleted unclaimed. */
  const wait = (uploadId: string, source: UploadedSource, expiresAt: number) => {
    // Unref'd: a waiting upload must not keep a closing process alive; a later open removes its file.
    const expiry = setTimeout(
      () => {
        if (release(uploadId)) void removeQuietly(source.path).catch(() => undefined)
      },
      Math.max(0, expiresAt - Date.now()),
    ).unref()
    received.set(uploadId, { source, expiry, expiresAt })
  }
  /** Keeps a received file (counted in pendingBytes) for an import to claim; it expires unclaimed. */
  const register = (file: string, name: string, size: number, sha256: string): ReceivedUpload => {
    const upload = { uploadId: randomUUID(), name: path.basename(name), size, sha256 }
    const source = { path: file, name: upload.name, originalPath: null, sha256, size, uploaded: true }
    wait(upload.uploadId, source, Date.now() + limits.unclaimedTtlMs)
    return upload
  }
  /** Takes received uploads from the waiting ones, under the names the client gives now. */
  const take = (refs: ReadonlyArray<{ uploadId: string; name: string }>): UploadedSource[] => {
    const missing = refs.filter((ref) => !received.has(ref.uploadId))
    if (missing.length > 0) {
      throw new AppError('not_found', `Unknown upload ${missing[0]!.uploadId}: upload the file again.`)
    }
    return refs.map((ref) => ({ ...release(ref.uploadId)!, name: path.basename(ref.name) }))
  }

  return {
    /**
     * Streams `body` into a temp file; the name is the user's file name (its folders are dropped).
     * `declaredBytes` (the request's Content-Length) lets an oversized upload be refused before any byte is read.
     */
    async receive(body: Readable, name: string, declaredBytes?: number): Promise<ReceivedUpload> {
      if (declaredBytes !== undefined && declaredBytes > limits.maxUploadBytes) {
        throw tooLarge('This upload', limits.maxUploadBytes)
      }
      checkTotal(declaredBytes ?? 0)
      // A tmp/ that is a symlink leading out of the library must not receive uploads.
      const temp = await realPathInside(libraryDir, await newUploadFile(libraryDir))
      const hash = createHash('sha256')
      let size = 0
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length
          pendingBytes += chunk.length
          if (size > limits.maxUploadBytes) return done(tooLarge('This upload', limits.maxUploadBytes))
          if (pendingBytes > limits.maxUnclaimedBytes) {
            return done(
              tooLarge('Together with the uploads waiting to be imported, this upload', limits.maxUnclaimedBytes),
            )
          }
          hash.update(chunk)
          done(null, chunk)
        },
      })
      try {
        // The file exists before any byte is read: a write stream opens its file on its own time, so a
        // refusal could come first, remove nothing, and leave the file the late open then creates.
        const file = await open(temp, 'wx')
        pipeInto(body, tap)
        // Flushed to disk once a job owns it (claim), not here: until then only this process knows of it, and a
        // crash forgets it anyway. Flushed here, a 0.76 GB upload waited for the disk (about 300 MB/s).
        await pipeline(tap, file.createWriteStream({ highWaterMark: UPLOAD_WRITE_CHUNK }))
      } catch (error) {
        pendingBytes -= size
        await removeQuietly(temp)
        throw error
      }
      return register(temp, name, size, `sha256:${hash.digest('hex')}`)
    },
    /**
     * Receives the bytes of a resumable upload from `offset` on (resumable-uploads.ts): the request that brings the
     * last byte, its SHA-256 checked, makes it an upload as `receive` does; an earlier one answers the bytes held.
     */
    async receiveResumable(
      body: Readable,
      name: string,
      request: ResumeRequest,
    ): Promise<ReceivedUpload | { received: number }> {
      checkTotal(request.size - request.offset, await resumable.heldBytes())
      const resumed = await resumable.receive(body, request)
      if (!resumed.done) return { received: resumed.received }
      pendingBytes += resumed.size
      return register(resumed.file, name, resumed.size, request.sha256)
    },
    /**
     * How many bytes of a resumable upload of this content are held (0 when none); when it is here whole and not
     * imported yet (received by a push cut off before its import, even before a restart), the upload that imports it.
     */
    async resumableReceived(sha256: string): Promise<{ received: number; uploadId?: string }> {
      const whole = await resumable.whole(sha256)
      if (!whole) return { received: await resumable.received(sha256) }
      const waiting = [...received].find(([, entry]) => entry.source.path === whole.file)?.[0]
      if (waiting !== undefined) return { received: whole.size, uploadId: waiting }
      pendingBytes += whole.size
      return { received: whole.size, uploadId: register(whole.file, 'upload', whole.size, sha256).uploadId }
    },
    /** Removes resumable uploads' bytes untouched for a day. */
    sweepResumable: (): Promise<void> => resumable.sweep(),
    /** Hands received uploads to work that removes their files whatever it does (they are no longer counted). */
    take,
    /**
     * Hands received uploads to `start` (an import's start, whose job then owns their files), their bytes flushed to
     * disk first, as a stored job names them. When it fails before any job owns them (the catalogue away, say), they
     * wait again as they were: counted against the cap, deleted when their expiry comes, and claimable again by their
     * ids.
     */
    async claim<T>(
      refs: ReadonlyArray<{ uploadId: string; name: string }>,
      start: (sources: UploadedSource[]) => Promise<T>,
    ): Promise<T> {
      const entries = refs.map((ref) => [ref.uploadId, received.get(ref.uploadId)] as const)
      const sources = take(refs)
      try {
        await Promise.all(sources.map((source) => fsyncPath(source.path)))
        return await start(sources)
      } catch (error) {
        for (const [uploadId, entry] of entries) {
          if (!entry || received.has(uploadId)) continue
          pendingBytes += entry.source.size
          wait(uploadId, entry.source, entry.expiresAt)
        }
        throw error
      }
    },
    /**
     * Deletes a received upload no import will claim (the user cancelled the rest of its drop),
     * at once rather than when it expires; false when there is no such unclaimed upload.
     */
    async discard(uploadId: string): Promise<boolean> {
      const source = release(uploadId)
      if (!source) return false
      await removeQuietly(source.path)
      return true
    },
    /** Bytes of uploads received or arriving and not yet claimed. */
    pendingBytes: () => pendingBytes,
  }
}
export type Uploads = ReturnType<typeof createUploads>

/** A received upload waiting for an import: its file, and when it is deleted unclaimed. */
interface Waiting {
  source: UploadedSource
  expiry: NodeJS.Timeout
  expiresAt: number
}

/**
 * Pipes `body` into `tap` without handing `body` to pipeline: when the tap refuses (too
 * large), pipeline would destroy the request and with it the socket the 413 must go out on.
 * A body that fails or is cut off still ends the tap, so the upload never hangs.
 */
function pipeInto(body: Readable, tap: Transform): void {
  const interrupted = () => tap.destroy(new AppError('io', 'The upload was interrupted before it was complete.'))
  body.on('error', interrupted)
  body.once('close', () => {
    if (!body.readableEnded) interrupted()
  })
  body.pipe(tap)
}

function formatBytes(bytes: number): string {
  return bytes >= GIB ? `${+(bytes / GIB).toFixed(1)} GiB` : `${+(bytes / 1024 ** 2).toFixed(1)} MiB`
}
