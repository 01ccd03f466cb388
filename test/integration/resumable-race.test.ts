import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { type AppError } from '../../shared/errors'
import { stagingDir } from '../../main/library/library-paths'
import { createUploads, type ReceivedUpload } from '../../main/ingest/uploads'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 points 2 and 5: one content is written by one process at a time, the bytes handed over are the bytes
// hashed, and the bytes of cut-off uploads count against the cap on what waits to be imported.
const KIB = 1024

function content(bytes: number): { data: Buffer; sha256: string } {
  const data = randomBytes(bytes)
  return { data, sha256: `sha256:${createHash('sha256').update(data).digest('hex')}` }
}

/** A request body that brings `data` in 16 KiB chunks, a few milliseconds apart (a real connection's pace). */
function slowBody(data: Buffer): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < data.length; at += 16 * KIB) {
        await sleep(2)
        yield data.subarray(at, at + 16 * KIB)
      }
    })(),
  )
}

/** A body that brings the first `bytes` of `data`, then is cut off. */
function cutBody(data: Buffer, bytes: number): Readable {
  return Readable.from(
    (async function* () {
      yield data.subarray(0, bytes)
      // Lost a while after the bytes came, as a connection is: they are on disk by then.
      await sleep(100)
      throw new Error('connection lost')
    })(),
  )
}

const fileSha = (file: string) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`

describe('resumable uploads of one content from two processes on one library folder', () => {
  it('let one write at a time: one upload whole and true, the other refused as a conflict (5 trials)', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const dir = tempDir()
      // Two hosts' upload receivers on one folder: they share nothing but the files, as two processes do.
      const [first, second] = [createUploads(dir), createUploads(dir)]
      const { data, sha256 } = content(512 * KIB)
      const request = { sha256, offset: 0, size: data.length }
      const answers = await Promise.allSettled([
        first.receiveResumable(slowBody(data), 'clip.mp4', request),
        second.receiveResumable(slowBody(data), 'clip.mp4', request),
      ])
      const taken = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []))
      const refused = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as AppError] : []))
      expect(taken).toHaveLength(1)
      expect(refused.map((error) => error.code)).toEqual(['conflict'])
      const upload = taken[0] as ReceivedUpload
      expect(upload).toMatchObject({ size: data.length, sha256 })
      const receiver = first.pendingBytes() > 0 ? first : second
      const [source] = receiver.take([{ uploadId: upload.uploadId, name: 'clip.mp4' }])
      expect(fileSha(source!.path)).toBe(sha256)
      expect(readFileSync(source!.path)).toHaveLength(data.length)
    }
  })

  it('take over the lock of a process that was killed mid-request', async () => {
    const dir = tempDir()
    const { data, sha256 } = content(64 * KIB)
    // A pid that has ended: a process run to its end.
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid!
    const folder = path.join(stagingDir(dir), 'resumable')
    mkdirSync(folder, { recursive: true })
    writeFileSync(path.join(folder, `${sha256.slice('sha256:'.length)}.lock`), String(gone))
    const upload = await createUploads(dir).receiveResumable(slowBody(data), 'clip.mp4', {
      sha256,
      offset: 0,
      size: data.length,
    })
    expect(upload).toMatchObject({ size: data.length, sha256 })
  })

  it('refuse a size below the bytes held, rather than call the upload complete', async () => {
    const uploads = createUploads(tempDir())
    const { data, sha256 } = content(64 * KIB)
    const cut = uploads.receiveResumable(cutBody(data, 40 * KIB), 'clip.mp4', { sha256, offset: 0, size: data.length })
    await expect(cut).rejects.toMatchObject({ code: 'io' })
    const held = (await uploads.resumableReceived(sha256)).received
    expect(held).toBe(40 * KIB)
    await expect(
      uploads.receiveResumable(Readable.from([]), 'clip.mp4', { sha256, offset: held, size: 10 * KIB }),
    ).rejects.toMatchObject({ code: 'validation', message: expect.stringContaining('more than its size') })
  })

  it('count the bytes of cut-off uploads against the cap on uploads waiting to be imported', async () => {
    const uploads = createUploads(tempDir(), { maxUnclaimedBytes: 1024 * KIB })
    const kept = content(800 * KIB)
    const cut = uploads.receiveResumable(cutBody(kept.data, 700 * KIB), 'a.mp4', {
      sha256: kept.sha256,
      offset: 0,
      size: kept.data.length,
    })
    await expect(cut).rejects.toMatchObject({ code: 'io' })
    const other = content(400 * KIB)
    const request = { sha256: other.sha256, offset: 0, size: other.data.length }
    await expect(uploads.receiveResumable(slowBody(other.data), 'b.mp4', request)).rejects.toMatchObject({
      code: 'too_large',
    })
    // Under the cap with what is held, it goes.
    const small = content(200 * KIB)
    const fits = { sha256: small.sha256, offset: 0, size: small.data.length }
    await expect(uploads.receiveResumable(slowBody(small.data), 'c.mp4', fits)).resolves.toMatchObject({
      size: small.data.length,
    })
  })
})
