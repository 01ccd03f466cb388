import { appendFileSync, copyFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { importAndWait, itemFor, sha256Of } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

let fx: Fixtures
beforeAll(async () => {
  fx = await ensureFixtures()
})

describe('originals within one import', () => {
  it('makes the earliest file of the request the original, even when a later copy is ready first', async () => {
    // A large clip (players ignore bytes after the last box) and a byte copy of it.
    const dir = tempDir()
    const first = path.join(dir, 'first.mp4')
    const later = path.join(dir, 'later-copy.mp4')
    copyFileSync(fx.mp4, first)
    appendFileSync(first, Buffer.alloc(48 * 1024 * 1024, 7))
    copyFileSync(first, later)

    const lib = testLibrary()
    // The later copy's SHA-256 is already known (cached by path, size and mtime), so it is
    // ready to be decided long before the first file is hashed.
    const { size, mtimeNs } = statSync(later, { bigint: true })
    lib.sqlite.db
      .prepare('INSERT INTO file_hash_cache (path, size, mtime_ns, sha256) VALUES (?, ?, ?, ?)')
      .run(later, Number(size), mtimeNs.toString(), sha256Of(later))

    const { job, items } = await importAndWait(lib, [first, later])
    expect(job.counts).toEqual({ imported: 1, duplicate: 1, failed: 0 })
    const original = itemFor(items, first)
    expect(original).toMatchObject({ outcome: 'imported', asset: { name: 'first.mp4' } })
    expect(itemFor(items, later)).toMatchObject({ outcome: 'duplicate', asset: { id: original.asset!.id } })
  })
})
