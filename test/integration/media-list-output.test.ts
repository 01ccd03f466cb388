import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { searchMedia } from '../../main/services/assets/media-search'
import { seedAssets } from '../helpers/assets'
import { suiteTempDir } from '../helpers/browse'

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

  it('still refuses a page whose items leave the contract', async () => {
    // The newest asset's metadata becomes a JSON array: toAsset passes it on, the contract wants a record.
    lib.sqlite.db
      .prepare(
        `UPDATE videos SET metadata = '[1, 2]' WHERE id = (SELECT id FROM videos ORDER BY imported_at DESC, id DESC LIMIT 1)`,
      )
      .run()
    const answer = await dispatch(lib, 'media:list', { limit: 25, cursor: null })
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})
