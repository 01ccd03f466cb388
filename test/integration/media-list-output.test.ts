import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { searchMedia, searchMediaRecords } from '../../main/services/assets/media-search'
import { seedAssets } from '../helpers/assets'
import { recordOfDetail, suiteTempDir } from '../helpers/browse'

// dispatch parses a media:list page's envelope and first item only (the items are built alike; see dispatch.ts).
let lib: LocalLibrary

beforeAll(async () => {
  lib = openLibrary(suiteTempDir())
  await seedAssets(lib, 30)
})
afterAll(() => lib.close())

describe('media:list output check', () => {
  it('answers every item as the handler built it, each within the contract', async () => {
    const answer = await dispatch(lib, 'media:list', { limit: 25, cursor: null })
    expect(answer.ok).toBe(true)
    const page = (answer as { data: unknown }).data
    expect(page).toEqual(await searchMedia(lib, { limit: 25, cursor: null }))
    expect(contract['media:list'].output.safeParse(page).success).toBe(true)
    expect((page as { items: unknown[] }).items).toHaveLength(25)
  })

  it('answers whole records when asked for them, each within the contract', async () => {
    const answer = await dispatch(lib, 'media:list', { limit: 25, cursor: null, view: 'full' })
    expect(answer.ok).toBe(true)
    const page = (answer as { data: unknown }).data
    expect(page).toEqual(await searchMediaRecords(lib, { limit: 25, cursor: null }))
    const first = (page as { items: Array<Record<string, unknown>> }).items[0]!
    expect(first).toEqual(await getMediaRecord(first.id as string))
  })

  it('still refuses a page whose items leave the contract, in either view', async () => {
    // The newest asset's size becomes negative (another tool wrote it): a list item and a whole record carry it.
    lib.sqlite.db
      .prepare(
        `UPDATE videos SET size_bytes = -1 WHERE id = (SELECT id FROM videos ORDER BY imported_at DESC, id DESC LIMIT 1)`,
      )
      .run()
    expect(await dispatch(lib, 'media:list', { limit: 25, cursor: null })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
    lib.sqlite.db.prepare(`UPDATE videos SET size_bytes = 1 WHERE size_bytes = -1`).run()
    // Its metadata becomes a JSON array: toAsset passes it on, the contract wants a record (and does not take the
    // whole record for a list item instead).
    lib.sqlite.db
      .prepare(
        `UPDATE videos SET metadata = '[1, 2]' WHERE id = (SELECT id FROM videos ORDER BY imported_at DESC, id DESC LIMIT 1)`,
      )
      .run()
    const answer = await dispatch(lib, 'media:list', { limit: 25, cursor: null, view: 'full' })
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})

/** An asset's whole record as `media:get` answers it, without what it adds (tags, collections, versions). */
async function getMediaRecord(id: string): Promise<Record<string, unknown>> {
  const answer = await dispatch(lib, 'media:get', { id })
  if (!answer.ok) throw new Error(answer.error.message)
  return recordOfDetail(answer.data as Record<string, unknown>)
}
