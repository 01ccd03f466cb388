import { copyFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Provenance } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import { RECORDS_SQL } from '../../main/db/repos/provenance'
import { SHOWN_DUPLICATES } from '../../main/services/assets/provenance'
import { call } from '../helpers/browse'
import { importAndWait, itemFor, sha256Of } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fx = inject('fixtures')

describe('media:provenance', () => {
  it('tells where a copied asset came from and lists the byte copy dropped onto it', async () => {
    const lib = testLibrary()
    const first = await importAndWait(lib, [fx.mp4])
    const id = itemFor(first.items, fx.mp4).asset!.id
    const second = await importAndWait(lib, [fx.duplicate])
    expect(itemFor(second.items, fx.duplicate)).toMatchObject({ outcome: 'duplicate', asset: { id } })

    const answer = await call<Provenance>(lib, 'media:provenance', { id })
    const asset = (await lib.catalog.repos.media.get(id))!
    expect(answer).toEqual({
      id,
      originalPath: fx.mp4,
      originalMachine: null,
      importedAt: asset.importedAt,
      importedBy: lib.actor,
      storage: 'copy',
      filePath: asset.filePath,
      libraryPath: path.relative(lib.dir, asset.filePath),
      sampledId: expect.stringMatching(/^[0-9a-f]{16}$/),
      sha256: sha256Of(fx.mp4),
      job: { id: first.job.id, source: 'paths', link: false, createdAt: first.job.createdAt, state: 'done' },
      processing: null,
      duplicates: {
        items: [
          {
            jobId: second.job.id,
            path: fx.duplicate,
            name: path.basename(fx.duplicate),
            sizeBytes: itemFor(second.items, fx.duplicate).sizeBytes,
            at: expect.any(String),
            importedBy: lib.actor,
          },
        ],
        total: 1,
        more: 0,
      },
    })
    expect(answer.libraryPath).toMatch(/^media[/\\]videos[/\\]/)
    expect(Date.parse(answer.duplicates.items[0].at)).toBeGreaterThanOrEqual(Date.parse(second.job.createdAt))
  })

  it('names a linked asset by its original path and has no library path', async () => {
    const lib = testLibrary()
    const { items, job } = await importAndWait(lib, [fx.png], true)
    const id = itemFor(items, fx.png).asset!.id
    expect(await call(lib, 'media:provenance', { id })).toMatchObject({
      storage: 'link',
      filePath: fx.png,
      libraryPath: null,
      originalPath: fx.png,
      originalMachine: null,
      job: { id: job.id, link: true },
      duplicates: { items: [], total: 0, more: 0 },
    })
  })

  it('caps the duplicate list, newest first, and says how many more there are', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fx.jpg])
    const id = itemFor(items, fx.jpg).asset!.id
    const dir = tempDir()
    const copies = Array.from({ length: SHOWN_DUPLICATES + 3 }, (_, n) => {
      const copy = path.join(dir, `copy-${String(n).padStart(3, '0')}.jpg`)
      copyFileSync(fx.jpg, copy)
      return copy
    })
    const second = await importAndWait(lib, copies)
    expect(second.job.counts).toMatchObject({ duplicate: copies.length })

    const answer = await call<Provenance>(lib, 'media:provenance', { id })
    expect(answer.duplicates.total).toBe(copies.length)
    expect(answer.duplicates.more).toBe(3)
    expect(answer.duplicates.items).toHaveLength(SHOWN_DUPLICATES)
    const times = answer.duplicates.items.map((item) => item.at)
    expect(times).toEqual([...times].sort().reverse())
    expect(new Set(answer.duplicates.items.map((item) => item.path)).size).toBe(SHOWN_DUPLICATES)
  })

  it("reads an asset's import items through the asset_id index, not by walking them all", () => {
    const lib = testLibrary()
    const plan = lib.sqlite.db
      .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${RECORDS_SQL}`)
      .all('0123456789abcdef')
      .map((row) => row.detail)
    expect(plan.find((line) => line.includes(' i '))).toMatch(/^SEARCH i USING INDEX import_items_asset \(asset_id=\?/)
  })

  it('answers not_found for an unknown id', async () => {
    const lib = testLibrary()
    expect(await dispatch(lib, 'media:provenance', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })
})
