import { describe, expect, it } from 'vitest'
import type { SavedSearch } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 24 point 10: a named filter state kept in the library.
const save = (lib: Library, input: object) =>
  call<{ search: SavedSearch }>(lib, 'searches:save', input).then((answer) => answer.search)
const list = (lib: Library) =>
  call<{ searches: SavedSearch[] }>(lib, 'searches:list', {}).then((answer) => answer.searches)

describe('saved searches', () => {
  it('keep a filter state across a restart, by name', async () => {
    const dir = tempDir()
    let lib = testLibrary(dir)
    const filter = { mediaType: ['video'], codec: ['h264'], minDuration: 5, tags: ['beach'] }
    await save(lib, { name: 'Beach clips', query: 'kite', filter, sort: { by: 'name', dir: 'asc' } })
    await save(lib, { name: 'all images', filter: { mediaType: ['image'] } })
    await lib.close()
    lib = testLibrary(dir)
    const searches = await list(lib)
    expect(searches.map((one) => one.name)).toEqual(['all images', 'Beach clips'])
    expect(searches[1]).toMatchObject({ query: 'kite', filter, sort: { by: 'name', dir: 'asc' } })
    expect(searches[0]).toMatchObject({ query: '', filter: { mediaType: ['image'] }, sort: null })
  })

  it('refuse a name taken in any case unless replacing, rename, delete, and open an unreadable state empty', async () => {
    const lib = testLibrary()
    const first = await save(lib, { name: 'Picks', filter: { minRating: 4 } })
    await expect(save(lib, { name: 'PICKS', filter: {} })).rejects.toThrow(/exists; save with another name or replace/)
    const replaced = await save(lib, { name: 'picks', filter: { minRating: 5 }, replace: true })
    expect(replaced).toMatchObject({ id: first.id, name: 'Picks', filter: { minRating: 5 } })
    const other = await save(lib, { name: 'Other', filter: {} })
    await expect(call(lib, 'searches:rename', { id: other.id, name: 'picks' })).rejects.toThrow(/exists/)
    await call(lib, 'searches:rename', { id: other.id, name: 'Rejects' })
    // A state an older or newer version wrote that this one's schema refuses.
    lib.sqlite.db.prepare(`UPDATE saved_searches SET filter = '{"mediaType": "not a list"}' WHERE id = ?`).run(first.id)
    const [picks] = (await list(lib)).filter((one) => one.id === first.id)
    expect(picks!.filter).toEqual({})
    expect(await call(lib, 'searches:delete', { id: first.id })).toEqual({ deleted: true })
    expect((await list(lib)).map((one) => one.name)).toEqual(['Rejects'])
  })
})
