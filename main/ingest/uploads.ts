import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../../shared/errors'
import { stagingDir } from '../library/library-paths'
import type { UploadedSource } from './importer'
import { fsyncPath, removeQuietly, tempFileName } from './staging'

/** An upload received and flushed to disk, waiting for `media:import-uploads`. */
export interface ReceivedUpload {
  uploadId: string
  name: string
  size: number
  sha256: string
}

/**
 * Files uploaded through the web host: streamed into the library's temp folder and hashed
 * on the way, so the pipeline neither reads them twice nor copies them (they are moved).
 */
export function createUploads(libraryDir: string) {
  const received = new Map<string, UploadedSource>()

  return {
    /** Streams `body` into a temp file; the name is the user's file name (its folders are dropped). */
    async receive(body: Readable, name: string): Promise<ReceivedUpload> {
      const dir = stagingDir(libraryDir)
      await mkdir(dir, { recursive: true })
      const temp = tempFileName(dir, 'upload')
      const hash = createHash('sha256')
      let size = 0
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk)
          size += chunk.length
          done(null, chunk)
        },
      })
      try {
        await pipeline(body, tap, createWriteStream(temp))
        await fsyncPath(temp)
      } catch (error) {
        await removeQuietly(temp)
        throw error
      }
      const upload = { uploadId: randomUUID(), name: path.basename(name), size, sha256: `sha256:${hash.digest('hex')}` }
      received.set(upload.uploadId, {
        path: temp,
        name: upload.name,
        originalPath: null,
        sha256: upload.sha256,
        size,
        uploaded: true,
      })
      return upload
    },
    /** Hands received uploads to an import, under the names the client gives now. */
    take(refs: ReadonlyArray<{ uploadId: string; name: string }>): UploadedSource[] {
      const missing = refs.filter((ref) => !received.has(ref.uploadId))
      if (missing.length > 0) {
        throw new AppError('not_found', `Unknown upload ${missing[0]!.uploadId}: upload the file again.`)
      }
      return refs.map((ref) => {
        const upload = received.get(ref.uploadId)!
        received.delete(ref.uploadId)
        return { ...upload, name: path.basename(ref.name) }
      })
    },
  }
}
export type Uploads = ReturnType<typeof createUploads>
