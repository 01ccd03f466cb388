import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import { UniqueViolation } from '../../../main/db/sql/sql-engine'
import {
  addToCollection,
  createCollection,
  deleteCollection,
  removeFromCollection,
  renameCollection,
} from '../../../main/services/collections/collections'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

// Issue 34: collections and their members, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('collections on %s', (dialect) => {
  const catalogWith = async (ids: readonly string[]) => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ids)
    return { sql, catalog: createCatalog(sql) }
  }
  const at = '2026-11-25T10:00:00.000Z'

  it('creates, finds in any case, lists by name with counts, adds and removes members in one statement', async () => {
    const { catalog } = await catalogWith(['a1', 'a2', 'a3'])
    const { collections } = catalog.repos
    const picks = await collections.create('Picks', at)
    expect(picks).toEqual({ id: picks.id, name: 'Picks', createdAt: at, count: 0, version: 0, ownerId: null })
    const archive = await collections.create('archive', at)
    await expect(collections.create('PICKS', at)).rejects.toBeInstanceOf(UniqueViolation)
    expect(await collections.add(picks.id, ['a1', 'a2'], at)).toEqual(['a1', 'a2'])
    expect((await collections.add(picks.id, ['a2', 'a3'], at)).sort()).toEqual(['a3'])
    await collections.add(archive.id, ['a1'], at)
    expect(await collections.list(null)).toEqual([
      { id: archive.id, name: 'archive', createdAt: at, count: 1, version: 0, ownerId: null },
      { id: picks.id, name: 'Picks', createdAt: at, count: 3, version: 0, ownerId: null },
    ])
    expect(await collections.byName('pIcKs')).toMatchObject({ id: picks.id, count: 3 })
    expect(await collections.ofAsset('a1')).toEqual([
      { id: archive.id, name: 'archive' },
      { id: picks.id, name: 'Picks' },
    ])
    expect((await collections.remove(picks.id, ['a1', 'a3', 'zz'])).sort()).toEqual(['a1', 'a3'])
    expect(await collections.rename(picks.id, 'Best')).toBe(true)
    expect(await collections.rename(9999, 'None')).toBe(false)
    expect(await collections.delete(archive.id)).toBe(true)
    expect(await collections.delete(archive.id)).toBe(false)
    expect(await collections.list(null)).toEqual([
      { id: picks.id, name: 'Best', createdAt: at, count: 1, version: 0, ownerId: null },
    ])
    expect(await collections.ofAsset('a1')).toEqual([])
  })

  it('runs the service: conflicts and unknown ids in words, nothing written on a refusal', async () => {
    const { catalog } = await catalogWith(['a1', 'a2'])
    const lib = { catalog, actor: 'Vera' }
    const { collection } = await createCollection(lib, 'Dailies')
    await expect(createCollection(lib, 'DAILIES')).rejects.toThrow('A collection named "Dailies" already exists.')
    expect(await addToCollection(lib, collection.id, ['a1', 'a2', 'a1'])).toEqual({ ids: ['a1', 'a2', 'a1'], added: 2 })
    await expect(addToCollection(lib, collection.id, ['a1', 'nope'])).rejects.toThrow('No asset with id nope.')
    await expect(addToCollection(lib, 777, ['a1'])).rejects.toThrow('No collection with id 777.')
    expect(await removeFromCollection(lib, collection.id, ['a2'])).toEqual({ ids: ['a2'], removed: 1 })
    const { collection: other } = await createCollection(lib, 'Other')
    await expect(renameCollection(lib, other.id, 'dailies')).rejects.toThrow(
      'A collection named "Dailies" already exists.',
    )
    expect((await renameCollection(lib, collection.id, 'dailies')).collection.name).toBe('dailies')
    expect(await deleteCollection(lib, collection.id)).toEqual({ id: collection.id, removed: 1 })
    await expect(deleteCollection(lib, collection.id)).rejects.toThrow(`No collection with id ${collection.id}.`)
    expect(await catalog.repos.collections.list(null)).toEqual([
      { id: other.id, name: 'Other', createdAt: other.createdAt, count: 0, version: 0, ownerId: null },
    ])
  })

  it('drops a deleted asset from its collections', async () => {
    const { sql, catalog } = await catalogWith(['a1', 'a2'])
    const { collection } = await createCollection({ catalog }, 'Picks')
    await addToCollection({ catalog }, collection.id, ['a1', 'a2'])
    await sql.run('DELETE FROM videos WHERE id = ?', ['a1'])
    expect(await catalog.repos.collections.get(collection.id)).toMatchObject({ count: 1 })
  })
})
