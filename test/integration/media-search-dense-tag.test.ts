import { describe, expect, it } from 'vitest'
import { TAG_DRIVE_MAX } from '../../main/db/repos/media-search'
import { searchParams } from '../../main/services/assets/media-search'
import { seedAssets } from '../helpers/assets'
import { call, listAll } from '../helpers/browse'
import { testLibrary } from '../helpers/library'

describe('a tag on more assets than sorting them would pay for', () => {
  it('walks the sort index instead, and pages the same rows', async () => {
    const lib = testLibrary()
    const ids = (await seedAssets(lib, TAG_DRIVE_MAX + 50)).map((asset) => asset.id)
    // A selection holds at most 10,000 ids per call.
    for (let start = 0; start <= TAG_DRIVE_MAX; start += 10_000) {
      const end = Math.min(start + 10_000, TAG_DRIVE_MAX + 1)
      await call(lib, 'media:tag', { ids: ids.slice(start, end), tags: ['everywhere'] })
    }
    await call(lib, 'media:tag', { ids: ids.slice(0, 30), tags: ['rare'] })
    const dense = lib.sqlite.repos.search.explainPage(
      searchParams(undefined, { tags: ['everywhere'] }),
      'name',
      false,
      null,
    )
    expect(dense[0]).toMatch(/^SCAN v USING INDEX videos_sort_name/)
    // With a rare tag beside it, the rare one drives.
    const both = lib.sqlite.repos.search.explainPage(
      searchParams(undefined, { tags: ['everywhere', 'rare'] }),
      'name',
      false,
      null,
    )
    expect(both[0]).toMatch(/^SEARCH t0/)

    const expected = lib.sqlite.db
      .prepare<[number], string>(
        `SELECT v.id FROM videos v JOIN asset_tags a ON a.asset_id = v.id
         WHERE a.tag_id = (SELECT id FROM tags WHERE name = 'everywhere')
         ORDER BY lower(v.name) DESC, v.id DESC LIMIT ?`,
      )
      .pluck()
      .all(300)
    const filter = { tags: ['Everywhere'] }
    const firstPages = await listAll(lib, { filter, sort: { by: 'name', dir: 'desc' } }, 100)
    expect(firstPages.slice(0, 300)).toEqual(expected)
    expect(firstPages).toHaveLength(TAG_DRIVE_MAX + 1)
  })
})
