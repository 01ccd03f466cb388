import { createHash, randomBytes } from 'node:crypto'
import { truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSha256Pool, type Sha256Pool } from '../../main/media/sha256-pool'
import { tempDir } from '../helpers/temp-dir'

const MiB = 1024 * 1024
// Hashing this many zero bytes outlasts the test timeout, so a worker that is not stopped fails the test.
const ENDLESS = 64 * 1024 * MiB
const pools: Sha256Pool[] = []

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()))
})

function pool(size: number): Sha256Pool {
  const created = createSha256Pool({ size })
  pools.push(created)
  return created
}

function writeTemp(dir: string, name: string, content: Uint8Array): string {
  const file = path.join(dir, name)
  writeFileSync(file, content)
  return file
}

/** A file of `size` zero bytes that takes no disk space, for progress and cancellation. */
function sparseFile(dir: string, size: number): string {
  const file = writeTemp(dir, `sparse-${size}.bin`, new Uint8Array())
  truncateSync(file, size)
  return file
}

const sha256 = (content: Uint8Array) => `sha256:${createHash('sha256').update(content).digest('hex')}`

describe('SHA-256 pool', () => {
  it('hashes several files at once like crypto.createHash', async () => {
    const dir = tempDir()
    const contents = [0, 1, 4 * MiB, 4 * MiB + 1, 20 * MiB + 3].map((size) => randomBytes(size))
    const files = contents.map((content, i) => writeTemp(dir, `file-${i}.bin`, content))
    const hashing = pool(2)

    const results = await Promise.all(files.map((file) => hashing.hashFile(file)))

    expect(results).toEqual(contents.map((content) => ({ digest: sha256(content), size: content.length })))
  })

  it('runs waiting files in the order they were asked for', async () => {
    const dir = tempDir()
    const files = [3, 2, 1].map((size) => writeTemp(dir, `file-${size}.bin`, randomBytes(size * MiB)))
    const hashing = pool(1)
    const finished: string[] = []

    await Promise.all(files.map((file) => hashing.hashFile(file).then(() => finished.push(file))))

    expect(finished).toEqual(files)
  })

  it('reports growing byte totals that end at the size', async () => {
    const size = 130 * MiB + 5
    const totals: number[] = []

    const result = await pool(1).hashFile(sparseFile(tempDir(), size), { onBytes: (bytes) => totals.push(bytes) })

    expect(totals).toEqual([64 * MiB, 128 * MiB, size])
    expect(result.size).toBe(size)
  })

  it('reports the size once for an empty file', async () => {
    const totals: number[] = []
    const file = writeTemp(tempDir(), 'empty.bin', new Uint8Array())

    const result = await pool(1).hashFile(file, { onBytes: (bytes) => totals.push(bytes) })

    expect(totals).toEqual([0])
    expect(result).toEqual({ digest: sha256(new Uint8Array()), size: 0 })
  })

  it('keeps the code of file errors', async () => {
    const dir = tempDir()
    const hashing = pool(1)

    await expect(hashing.hashFile(path.join(dir, 'missing.bin'))).rejects.toMatchObject({
      code: 'ENOENT',
      message: expect.stringContaining('missing.bin'),
    })
    await expect(hashing.hashFile(dir)).rejects.toMatchObject({ code: 'EISDIR' })
  })

  it('stops a running file on abort and keeps working with a new worker', async () => {
    const dir = tempDir()
    const hashing = pool(1)
    const controller = new AbortController()
    const totals: number[] = []
    const running = hashing.hashFile(sparseFile(dir, ENDLESS), {
      signal: controller.signal,
      onBytes: (bytes) => {
        totals.push(bytes)
        controller.abort()
      },
    })

    await expect(running).rejects.toMatchObject({ name: 'AbortError' })
    expect(totals).toEqual([64 * MiB])
    const content = randomBytes(1000)
    await expect(hashing.hashFile(writeTemp(dir, 'after.bin', content))).resolves.toEqual({
      digest: sha256(content),
      size: 1000,
    })
  })

  it('drops a waiting file on abort without disturbing the running one', async () => {
    const dir = tempDir()
    const content = randomBytes(8 * MiB)
    const hashing = pool(1)
    const controller = new AbortController()

    const running = hashing.hashFile(writeTemp(dir, 'running.bin', content))
    const waiting = hashing.hashFile(writeTemp(dir, 'waiting.bin', content), { signal: controller.signal })
    controller.abort()

    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
    await expect(running).resolves.toEqual({ digest: sha256(content), size: content.length })
    await expect(hashing.hashFile(dir, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('rejects running and later files once closed', async () => {
    const dir = tempDir()
    const hashing = createSha256Pool({ size: 1 })
    const [big, small] = [sparseFile(dir, ENDLESS), sparseFile(dir, MiB)]
    const running = expect(hashing.hashFile(big)).rejects.toThrow(`${big}: the SHA-256 pool was closed`)
    const waiting = expect(hashing.hashFile(small)).rejects.toThrow(`${small}: the SHA-256 pool was closed`)

    await hashing.close()

    await running
    await waiting
    await expect(hashing.hashFile(dir)).rejects.toThrow(/closed/)
  })
})
