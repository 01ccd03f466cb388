import { createHash, randomUUID, type Hash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { link, mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../../shared/errors'
import { fsyncPath, removeQuietly } from '../library/atomic-write'
import { pidIsAlive } from '../jobs/process-owner'
import { stagingDir } from '../library/library-paths'
import { realPathInside } from '../security/contained-path'

/** What a request of a resumable upload gave: the bytes held so far, or the whole file (then `done`). */
export type ResumedUpload = { done: false; received: number } | { done: true; file: string; size: number }

// Bytes of an upload cut off are kept this long for the sender to go on from.
const PARTIAL_MAX_AGE_MS = 24 * 60 * 60 * 1000

/**
 * Uploads that go on where a cut-off one stopped (a push killed, a hub restarted, a connection lost): the bytes of
 * content `sha256:<hex>` gather in `tmp/resumable/<hex>.partial`, kept across restarts; each request says from which
 * byte it sends, and the one that brings the last byte checks the whole file's SHA-256, and its size on disk, before
 * it becomes `<hex>.whole`, handed over as an upload and found again by its content until an import takes it. One request at a time per content, whatever the number of processes on the folder
 * (a lock file `<hex>.lock` naming the process); partial files untouched for a day are removed at open.
 */
export function createResumableUploads(libraryDir: string, maxUploadBytes: number) {
  const folder = path.join(stagingDir(libraryDir), 'resumable')
  const fileOf = async (sha256: string, extension: string) => {
    await mkdir(folder, { recursive: true })
    // A tmp/ that is a symlink leading out of the library must not receive uploads.
    return realPathInside(libraryDir, path.join(folder, `${sha256.slice('sha256:'.length)}.${extension}`))
  }
  const partialOf = (sha256: string) => fileOf(sha256, 'partial')
  const sizeOf = async (file: string) => (await stat(file).catch(() => null))?.size ?? 0

  return {
    /** How many bytes of this content are held from earlier requests (0 when none). */
    received: async (sha256: string): Promise<number> => sizeOf(await partialOf(sha256)),

    /**
     * The file of this content received whole and not imported yet (it stays, across restarts, until an import
     * takes it or the day's sweep), with its size; null when there is none.
     */
    async whole(sha256: string): Promise<{ file: string; size: number } | null> {
      const file = await fileOf(sha256, 'whole')
      const found = await stat(file).catch(() => null)
      return found?.isFile() ? { file, size: found.size } : null
    },

    /** Bytes of every partial file held (what a cap on unclaimed uploads counts besides the received ones). */
    async heldBytes(): Promise<number> {
      const names = await readdir(folder).catch(() => [])
      const sizes = names.filter((name) => name.endsWith('.partial')).map((name) => sizeOf(path.join(folder, name)))
      return (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0)
    },

    /**
     * Appends `body` (the bytes from `offset` on) to the content's partial file. `offset` must be the bytes held
     * (a conflict naming them otherwise); bytes past `size` are refused. What arrived stays when the body is cut off.
     */
    async receive(body: Readable, { sha256, offset, size }: ResumeRequest): Promise<ResumedUpload> {
      if (size > maxUploadBytes) throw new AppError('too_large', 'This upload is larger than this host accepts.')
      const unlock = await lockContent(await fileOf(sha256, 'lock'))
      try {
        const partial = await partialOf(sha256)
        const held = await sizeOf(partial)
        if (size < held) {
          throw new AppError('validation', `${held} bytes of this upload are here already: more than its size ${size}.`)
        }
        if (offset !== held) {
          throw new AppError('conflict', `${held} bytes of this upload are here: send from byte ${held}.`, {
            received: held,
          })
        }
        // The bytes held are hashed again from the file: a hash's state does not outlive the request.
        const hash = createHash('sha256')
        if (held > 0) for await (const chunk of createReadStream(partial)) hash.update(chunk as Buffer)
        const received = await append(body, partial, size - held, hash)
        if (held + received < size) return { done: false, received: held + received }
        const digest = `sha256:${hash.digest('hex')}`
        if (digest !== sha256) {
          await removeQuietly(partial)
          throw new AppError('validation', `The bytes sent are not the content ${sha256} (they are ${digest}).`)
        }
        // The file handed over must be the bytes hashed: anything else that wrote to it makes it another file.
        const onDisk = await sizeOf(partial)
        if (onDisk !== size) {
          await removeQuietly(partial)
          throw new AppError('io', `The file held ${onDisk} bytes, not the ${size} received: send it again.`)
        }
        // Whole now, under another name, so nothing appends to it any more; found by its content until imported.
        const file = await fileOf(sha256, 'whole')
        await rename(partial, file)
        return { done: true, file, size }
      } finally {
        await unlock()
      }
    },

    /** Removes partial and whole files untouched for a day (their sender gave up, or never imported them). */
    async sweep(now = Date.now()): Promise<void> {
      const names = await readdir(folder).catch(() => [])
      for (const name of names.filter((one) => one.endsWith('.partial') || one.endsWith('.whole'))) {
        const file = path.join(folder, name)
        const touched = (await stat(file).catch(() => null))?.mtimeMs
        if (touched !== undefined && now - touched > PARTIAL_MAX_AGE_MS) await removeQuietly(file)
      }
    },
  }
}
export type ResumableUploads = ReturnType<typeof createResumableUploads>

/**
 * Takes the lock of one content's partial file: a file naming this process, linked into place only if absent (so it
 * is never seen empty). A lock whose process is gone (killed mid-request) is taken over; a live one is a conflict.
 * Resolves to its release.
 */
async function lockContent(lock: string): Promise<() => Promise<void>> {
  const mine = `${lock}.${process.pid}.${randomUUID()}`
  await writeFile(mine, String(process.pid))
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(mine, lock)
        return () => removeQuietly(lock)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const owner = Number(await readFile(lock, 'utf8').catch(() => '0'))
        if (pidIsAlive(owner)) break
        await removeQuietly(lock)
      }
    }
  } finally {
    await removeQuietly(mine)
  }
  throw new AppError('conflict', 'This file is being uploaded by another request.')
}

/** A request of a resumable upload: the content, the byte it sends from and the whole file's size. */
export interface ResumeRequest {
  sha256: string
  offset: number
  size: number
}

/**
 * Appends what `body` brings to `file` (at most `room` bytes), hashing it on the way; flushed to disk whether the
 * body ends or is cut off (what arrived stays). Resolves to the bytes appended; rejects when the body is cut off.
 */
async function append(body: Readable, file: string, room: number, hash: Hash): Promise<number> {
  let appended = 0
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (appended + chunk.length > room) return done(new AppError('validation', 'More bytes than the file has.'))
      appended += chunk.length
      hash.update(chunk)
      done(null, chunk)
    },
  })
  const cutOff = () => tap.destroy(new AppError('io', 'The upload was cut off; send the rest from where it stopped.'))
  body.on('error', cutOff)
  body.once('close', () => {
    if (!body.readableEnded) cutOff()
  })
  body.pipe(tap)
  try {
    await pipeline(tap, createWriteStream(file, { flags: 'a' }))
  } finally {
    await fsyncPath(file).catch(() => undefined)
  }
  return appended
}
