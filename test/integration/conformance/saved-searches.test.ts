import { LIBRARY_USER } from '../../../main/services/people/ownership'
import { describe, expect, it } from 'vitest'
import { createCatalog, type Catalog } from '../../../main/db/catalog'
import { UniqueViolation } from '../../../main/db/sql/sql-engine'
import {
  deleteSavedSearch,
  listSavedSearches,
  renameSavedSearch,
  saveSearch,
} from '../../../main/services/saved-searches/saved-searches'
import { ENGINES, freshEngine, meetingOfTwo } from '../../helpers/sql-engines'

// Issue 34: the saved searches' repository and service, the same on a library's SQLite and a hub's PostgreSQL.
const row = (name: string, createdAt = '2026-11-25T10:00:00.000Z') => ({
  name,
  query: 'kite',
  filter: '{"minRating":4}',
  sort: null,
  createdAt,
  ownerId: null,
})

describe.each(ENGINES)('saved searches on %s', (dialect) => {
  const catalog = async (): Promise<Catalog> => createCatalog(await freshEngine(dialect))

  it('stores, finds by name in any case, lists by name, replaces, renames and deletes', async () => {
    const { repos } = await catalog()
    const searches = repos.savedSearches
    const beach = await searches.insert(row('Beach clips'))
    const all = await searches.insert(row('all images'))
    const zoo = await searches.insert(row('Zoo'))
    expect(new Set([beach, all, zoo]).size).toBe(3)
    expect((await searches.list(null)).map((one) => one.name)).toEqual(['all images', 'Beach clips', 'Zoo'])
    expect(await searches.byName('BEACH CLIPS', null)).toEqual({
      id: beach,
      ...row('Beach clips'),
      updatedAt: '2026-11-25T10:00:00.000Z',
      version: 0,
    })
    expect(await searches.byName('Beach', null)).toBeUndefined()
    await searches.replace({ id: beach, query: '', filter: '{}', sort: '{"by":"name"}', updatedAt: '2026-11-26' })
    await searches.rename(all, 'Every image', '2026-11-27')
    expect(await searches.get(beach)).toMatchObject({
      query: '',
      filter: '{}',
      sort: '{"by":"name"}',
      updatedAt: '2026-11-26',
    })
    expect(await searches.get(all)).toMatchObject({ name: 'Every image', updatedAt: '2026-11-27' })
    expect(await searches.delete(zoo)).toBe(true)
    expect(await searches.delete(zoo)).toBe(false)
    expect(await searches.get(zoo)).toBeUndefined()
    expect((await searches.list(null)).map((one) => one.id)).toEqual([beach, all])
  })

  it('refuses a second name equal in any case with UniqueViolation', async () => {
    const { repos } = await catalog()
    await repos.savedSearches.insert(row('Picks'))
    await expect(repos.savedSearches.insert(row('PICKS'))).rejects.toBeInstanceOf(UniqueViolation)
    expect((await repos.savedSearches.list(null)).map((one) => one.name)).toEqual(['Picks'])
  })

  it('saves through the service: a taken name is a conflict in words unless replacing, rename and delete', async () => {
    const lib = { catalog: await catalog() }
    const { search: first } = await saveSearch(lib, LIBRARY_USER, 'Picks', { query: '', filter: { minRating: 4 } })
    await expect(saveSearch(lib, LIBRARY_USER, 'PICKS', { query: '', filter: {} })).rejects.toThrow(
      'A saved search named "Picks" exists; save with another name or replace it.',
    )
    const { search: replaced } = await saveSearch(
      lib,
      LIBRARY_USER,
      'picks',
      { query: 'x', filter: { minRating: 5 } },
      { replace: true },
    )
    expect(replaced).toMatchObject({ id: first.id, name: 'Picks', query: 'x', filter: { minRating: 5 }, sort: null })
    const { search: other } = await saveSearch(lib, LIBRARY_USER, 'Other', { query: '', filter: {} })
    await expect(renameSavedSearch(lib, LIBRARY_USER, other.id, 'picks')).rejects.toThrow(
      'A saved search named "Picks" exists.',
    )
    await expect(renameSavedSearch(lib, LIBRARY_USER, 9999, 'Gone')).rejects.toThrow('No saved search 9999.')
    expect((await renameSavedSearch(lib, LIBRARY_USER, other.id, 'Rejects')).search.name).toBe('Rejects')
    expect(await deleteSavedSearch(lib, LIBRARY_USER, first.id)).toEqual({ deleted: true })
    expect((await listSavedSearches(lib, LIBRARY_USER)).searches.map((one) => one.name)).toEqual(['Rejects'])
  })

  it('gives one of two people saving the same new name at once the search, the other a conflict', async () => {
    const lib = { catalog: bothLookFirst(await catalog()) }
    const saves = await Promise.allSettled(
      ['Dailies', 'DAILIES'].map((name) => saveSearch(lib, LIBRARY_USER, name, { query: name, filter: {} })),
    )
    expect(saves.map((save) => save.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = saves.find((save) => save.status === 'rejected')
    expect(String(refused?.reason)).toMatch(/A saved search named "(Dailies|DAILIES)" exists/)
    expect((await listSavedSearches(lib, LIBRARY_USER)).searches).toHaveLength(1)
  })
})

/** The catalogue with each transaction's look for the name held at a meeting of two (see meetingOfTwo). */
function bothLookFirst(catalog: Catalog): Catalog {
  const meet = meetingOfTwo()
  return {
    ...catalog,
    transaction: (work) =>
      catalog.transaction((repos) =>
        work({
          ...repos,
          savedSearches: {
            ...repos.savedSearches,
            async byName(name, ownerId) {
              const found = await repos.savedSearches.byName(name, ownerId)
              await meet()
              return found
            },
          },
        }),
      ),
  }
}
