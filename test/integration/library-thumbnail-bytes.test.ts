import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { DeleteResult, StoredLibraryInfo } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { thumbnailPaths, thumbnailsDir } from '../../main/library/library-paths'
import { call } from '../helpers/browse'
import { importAndWait, itemFor, openRemadeThumbnail } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

/** Bytes of every regular file below `dir`, walked independently of the code under test. */
function bytesBelow(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0)
}

/** Bytes of the asset's poster and sprite as they are on disk. */
function thumbBytesOf(lib: LocalLibrary, id: string): number {
  return Object.values(thumbnailPaths(lib.dir, id))
    .filter((file) => existsSync(file))
    .reduce((sum, file) => sum + statSync(file).size, 0)
}

const thumbnailsFigure = async (lib: LocalLibrary) =>
  (await call<StoredLibraryInfo>(lib, 'library:info', {})).bytesOnDisk.thumbnails
const recorded = (lib: LocalLibrary) =>
  lib.sqlite.db.prepare<[], { id: string; bytes: number | null }>('SELECT id, thumbs_bytes AS bytes FROM videos').all()

/** A library holding a copied clip, a copied still and a linked PNG, thumbnails made; their ids. */
async function library(): Promise<{ lib: LocalLibrary; clip: string; still: string; linked: string }> {
  const lib = testLibrary()
  const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.jpg])
  const linked = await importAndWait(lib, [fixtures.png], true)
  return {
    lib,
    clip: itemFor(items, fixtures.mp4).asset!.id,
    still: itemFor(items, fixtures.jpg).asset!.id,
    linked: itemFor(linked.items, fixtures.png).asset!.id,
  }
}

describe("library:info's thumbnail bytes", () => {
  it('equal the bytes of derived/thumbs after an import, recorded per asset by the thumbnailer', async () => {
    const { lib } = await library()
    const figure = await thumbnailsFigure(lib)
    expect(figure).toBe(bytesBelow(thumbnailsDir(lib.dir)))
    expect(figure).toBeGreaterThan(0)
    for (const { id, bytes } of recorded(lib)) expect(bytes).toBe(thumbBytesOf(lib, id))
  })

  it('are read from the database, not from a walk of derived/', async () => {
    const { lib, clip } = await library()
    const figure = await thumbnailsFigure(lib)
    // A stray file is not counted, and a row's recorded bytes are what the figure follows.
    writeFileSync(path.join(lib.dir, 'derived', 'stray.bin'), Buffer.alloc(5_000))
    lib.sqlite.db.prepare('UPDATE videos SET thumbs_bytes = thumbs_bytes + 1000000 WHERE id = ?').run(clip)
    expect(await thumbnailsFigure(lib)).toBe(figure + 1_000_000)
  })

  it("drop by an asset's thumbnails when it is deleted, and come back on undo", async () => {
    const { lib, clip } = await library()
    const figure = await thumbnailsFigure(lib)
    const clipThumbs = thumbBytesOf(lib, clip)
    expect(clipThumbs).toBeGreaterThan(0)

    const done = await call<DeleteResult>(lib, 'media:delete', { ids: [clip] })
    expect(done.thumbnails.bytes).toBe(clipThumbs)
    expect(await thumbnailsFigure(lib)).toBe(figure - clipThumbs)
    expect(await thumbnailsFigure(lib)).toBe(bytesBelow(thumbnailsDir(lib.dir)))

    await call(lib, 'trash:undo', { batchId: done.batchId })
    expect(await thumbnailsFigure(lib)).toBe(figure)
    expect(await thumbnailsFigure(lib)).toBe(bytesBelow(thumbnailsDir(lib.dir)))
  })

  it('follow a regenerated thumbnail', async () => {
    const { lib, clip } = await library()
    rmSync(thumbnailPaths(lib.dir, clip).poster)
    expect(await thumbnailsFigure(lib)).toBeGreaterThan(bytesBelow(thumbnailsDir(lib.dir)))
    await (await openRemadeThumbnail(lib, clip, 'poster')).close()
    expect(await thumbnailsFigure(lib)).toBe(bytesBelow(thumbnailsDir(lib.dir)))
  })

  it('are measured once, for the rows made before they were recorded, and written back', async () => {
    const { lib, clip, still } = await library()
    // As a library made before migration 0130 has them.
    lib.sqlite.db.exec('UPDATE videos SET thumbs_bytes = NULL')
    expect(await thumbnailsFigure(lib)).toBe(bytesBelow(thumbnailsDir(lib.dir)))
    for (const { id, bytes } of recorded(lib)) expect(bytes).toBe(thumbBytesOf(lib, id))

    // Recorded now: files changed behind the library's back are not measured again.
    const stillBytes = thumbBytesOf(lib, still)
    rmSync(thumbnailPaths(lib.dir, still).poster)
    expect(await thumbnailsFigure(lib)).toBe(bytesBelow(thumbnailsDir(lib.dir)) + stillBytes)
    // Only the rows still unrecorded are measured: the clip's, here.
    lib.sqlite.db.prepare('UPDATE videos SET thumbs_bytes = NULL WHERE id = ?').run(clip)
    expect(await thumbnailsFigure(lib)).toBe(bytesBelow(thumbnailsDir(lib.dir)) + stillBytes)
    expect(recorded(lib).find((row) => row.id === clip)!.bytes).toBe(thumbBytesOf(lib, clip))
  })

  it('record what is left when thumbnails fail', async () => {
    const lib = testLibrary(undefined, { ingest: { thumbnailsAfterImport: false } })
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const id = itemFor(items, fixtures.mp4).asset!.id
    expect(recorded(lib)).toEqual([{ id, bytes: null }])
    // ffmpeg fails on the library's copy now.
    writeFileSync((await lib.catalog.repos.media.get(id))!.filePath, 'no longer a video')
    await lib.importer.ensureThumbnails(id)
    expect((await lib.catalog.repos.media.get(id))!.error).toMatch(/^Thumbnails failed/)
    expect(recorded(lib)).toEqual([{ id, bytes: 0 }])
  })

  it('sum over an index, not over the videos rows, and find unrecorded rows by it', () => {
    const lib = testLibrary()
    const plan = (sql: string) =>
      lib.sqlite.db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => row.detail)
    expect(plan('SELECT COALESCE(SUM(thumbs_bytes), 0) FROM videos')).toEqual([
      'SCAN videos USING COVERING INDEX videos_thumbs_bytes',
    ])
    expect(plan('SELECT id FROM videos WHERE thumbs_bytes IS NULL')).toEqual([
      'SEARCH videos USING INDEX videos_thumbs_bytes (thumbs_bytes=?)',
    ])
  })
})
