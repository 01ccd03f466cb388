import { describe, expect, it } from 'vitest'
import { contract, type MediaListItem } from '../../../shared/contract'
import { listItemOf } from '../../../shared/list-item'
import { createCatalog } from '../../../main/db/catalog'
import type { NewAsset } from '../../../main/db/repos/media'
import type { SqlEngine } from '../../../main/db/sql/sql-engine'
import { searchMedia, searchMediaRecords } from '../../../main/services/assets/media-search'
import { randomSequence, syntheticRow } from '../../bench/synthetic-assets'
import { browseOnBothEngines } from '../../helpers/browse-engines'

// A page as the grid loads it (renderer/src/api/media-lists.ts) and the weight issue 63 allows it.
const PAGE = 200
const MOST_BYTES = 100 * 1024
// What the cards, rows, selection and quick look read of a list item (renderer/src/features/browse/, stacks/).
const CARD_FIELDS = [
  'id',
  'name',
  'mediaType',
  'sizeBytes',
  'durationSeconds',
  'resolution',
  'codec',
  'codecName',
  'rating',
  'error',
  'health',
  'importedAt',
  'importedBy',
] as const

/** PAGE synthetic assets as the browse bench makes them (real-sized metadata records, paths and hashes). */
function assets(): NewAsset[] {
  const random = randomSequence(63)
  return Array.from({ length: PAGE }, (_, index) => {
    const row = syntheticRow(index, PAGE, random)
    return {
      ...row,
      aspectRatio: null,
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      importedBy: 'Ada',
      sampledId: `s${index}`,
      objectKey: null,
    }
  })
}

// The ways a card's codec name is made when the metadata stored none: a ProRes asset's from its profile, an image's
// (its metadata an empty record, or later no JSON at all: a row another tool wrote), a video's with no metadata.
const UNNAMED = { prores: 'ProRes 422 HQ', image: 'JPEG', none: 'H.264' }

async function fill(sql: SqlEngine): Promise<void> {
  const all = assets()
  await createCatalog(sql).transaction(async ({ media }) => {
    for (const asset of all) await media.insert(asset)
  })
  const [prores, image, none] = all.slice(-3).map((asset) => asset.id)
  await sql.run(`UPDATE videos SET codec = 'prores', media_type = 'video', metadata = ? WHERE id = ?`, [
    JSON.stringify({ videoProfile: 'HQ', container: 'mov' }),
    prores!,
  ])
  await sql.run(`UPDATE videos SET codec = 'mjpeg', media_type = 'image', metadata = '{}' WHERE id = ?`, [image!])
  await sql.run(`UPDATE videos SET codec = 'h264', media_type = 'video', metadata = NULL WHERE id = ?`, [none!])
  await sql.run(`UPDATE videos SET health = 'missing', rating = 4 WHERE id = ?`, [all[0]!.id])
}

describe('media:list items, on both engines', () => {
  it('are at most 100 KB of JSON for a page of 200 and hold what a card shows, as the whole record says it', async () => {
    const { sqlite, postgres, engines } = await browseOnBothEngines(fill)
    const pages: MediaListItem[][] = []
    for (const browse of [sqlite, postgres]) {
      const page = await searchMedia({ browse }, { limit: PAGE, cursor: null })
      expect(page.items).toHaveLength(PAGE)
      expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThanOrEqual(MOST_BYTES)
      for (const item of page.items) expect(Object.keys(item).sort()).toEqual([...CARD_FIELDS].sort())
      // The whole records of the same page, cut down as the renderer cuts down an asset it reads again.
      const records = await searchMediaRecords({ browse }, { limit: PAGE, cursor: null })
      expect(page.items).toEqual(records.items.map(listItemOf))
      expect(Buffer.byteLength(JSON.stringify(records))).toBeGreaterThan(MOST_BYTES)
      // Within the contract as sent: nothing is cut away from a list item, and the whole records pass as such.
      const output = contract['media:list'].output
      expect(output.parse(page)).toEqual(page)
      expect(output.parse(records)).toEqual(records)
      pages.push(page.items)
    }
    expect(pages[1]).toEqual(pages[0])
    const byId = new Map(pages[0]!.map((item) => [item.id, item]))
    const all = assets()
    const [prores, image, none] = all.slice(-3).map((asset) => byId.get(asset.id)!.codecName)
    expect({ prores, image, none }).toEqual(UNNAMED)
    expect(byId.get(all[0]!.id)).toMatchObject({ health: 'missing', rating: 4 })
    // The others' names are the ones their metadata stored at import.
    const stored = all.slice(0, -3).map((asset) => [asset.id, asset.metadata.videoCodecName])
    expect(stored.map(([id]) => [id, byId.get(id as string)!.codecName])).toEqual(stored)
    // Metadata that is no JSON: the list items read past it (the whole records cannot), on both engines.
    for (const [browse, sql] of [
      [sqlite, engines.sqlite],
      [postgres, engines.postgres],
    ] as const) {
      await sql.run(`UPDATE videos SET metadata = 'not json' WHERE id = ?`, [all.at(-2)!.id])
      const page = await searchMedia({ browse }, { limit: PAGE, cursor: null })
      expect(page.items.find((item) => item.id === all.at(-2)!.id)!.codecName).toBe(UNNAMED.image)
    }
  })
})
