import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import { rateAssets, renameAsset, setNotes, tagAssets, untagAssets } from '../../../main/services/assets/tags'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

// Issue 34: tags, ratings, notes and names, the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('organising assets on %s', (dialect) => {
  const catalogWith = async (ids: readonly string[]) => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ids)
    return { sql, catalog: createCatalog(sql) }
  }

  it('tags in any case, counts and lists tags by use then name, by a literal prefix', async () => {
    const { catalog } = await catalogWith(['a1', 'a2', 'a3'])
    const { organise } = catalog.repos
    expect(await organise.ensureTag('Beach')).toMatchObject({ name: 'Beach', created: true })
    const again = await organise.ensureTag('BEACH')
    expect(again).toMatchObject({ name: 'Beach', created: false })
    const night = await organise.ensureTag('night_shot')
    const percent = await organise.ensureTag('100%')
    expect(await organise.link(again.id, ['a1', 'a2'])).toEqual(new Set(['a1', 'a2']))
    expect(await organise.link(again.id, ['a1', 'a2'])).toEqual(new Set())
    await organise.link(night.id, ['a1'])
    await organise.link(percent.id, ['a3'])
    expect(await organise.tagsOf('a1')).toEqual(['Beach', 'night_shot'])
    expect(await organise.list(null, 10)).toEqual([
      { id: again.id, name: 'Beach', count: 2 },
      { id: percent.id, name: '100%', count: 1 },
      { id: night.id, name: 'night_shot', count: 1 },
    ])
    expect(await organise.list('NIGHT_', 10)).toEqual([{ id: night.id, name: 'night_shot', count: 1 }])
    // `_` and `%` are the characters typed, not wildcards.
    expect(await organise.list('night%', 10)).toEqual([])
    expect(await organise.list('n_ght', 10)).toEqual([])
    expect(await organise.list('', 1)).toEqual([{ id: again.id, name: 'Beach', count: 2 }])
    expect(await organise.unlink(again.id, ['a1', 'zz'])).toEqual(new Set(['a1']))
    expect(await organise.unlink(again.id, ['a1'])).toEqual(new Set())
    expect(await organise.setRating(['a1', 'a2', 'zz'], 3)).toEqual(new Set(['a1', 'a2']))
    expect(await organise.setRating(['a1', 'a3'], 3)).toEqual(new Set(['a3']))
    expect(await organise.tagByName('beach')).toEqual({ id: again.id, name: 'Beach' })
    expect(await organise.tagByName('sunset')).toBeUndefined()
    expect(await organise.knownIds(['a1', 'zz', 'a3'])).toEqual(new Set(['a1', 'a3']))
  })

  it('tags, untags, rates, notes and renames through the service, refusing unknown ids in words', async () => {
    const { sql, catalog } = await catalogWith(['a1', 'a2'])
    const lib = { catalog, actor: 'Vera' }
    expect(await tagAssets(lib, ['a1', 'a2'], ['Beach', 'night'])).toEqual({
      ids: ['a1', 'a2'],
      added: 4,
      created: ['Beach', 'night'],
    })
    expect(await tagAssets(lib, ['a1'], ['beach'])).toEqual({ ids: [], added: 0, created: [] })
    await expect(tagAssets(lib, ['a1', 'x1', 'x2'], ['sunset'])).rejects.toThrow('No asset with id x1, x2.')
    expect(await catalog.repos.organise.tagByName('sunset')).toBeUndefined()
    expect(await untagAssets(lib, ['a2'], ['NIGHT', 'unknown'])).toEqual({ ids: ['a2'], removed: 1 })
    expect(await rateAssets(lib, ['a1', 'a2'], 4)).toEqual({ ids: ['a1', 'a2'], rating: 4 })
    expect(await rateAssets(lib, ['a1', 'a2'], 4)).toEqual({ ids: [], rating: 4 })
    expect(await setNotes(lib, 'a1', '  ')).toEqual({ id: 'a1', notes: null, version: 1 })
    expect(await setNotes(lib, 'a2', 'take 2')).toEqual({ id: 'a2', notes: 'take 2', version: 1 })
    await expect(setNotes(lib, 'x1', 'n')).rejects.toThrow('No asset with id x1.')
    expect(await renameAsset(lib, 'a1', 'Opening shot')).toEqual({ id: 'a1', name: 'Opening shot', version: 1 })
    await expect(renameAsset(lib, 'x1', 'n')).rejects.toThrow('No asset with id x1.')
    expect(await sql.all('SELECT id, name, rating, notes FROM videos ORDER BY id')).toEqual([
      { id: 'a1', name: 'Opening shot', rating: 4, notes: null },
      { id: 'a2', name: 'a2.mp4', rating: 4, notes: 'take 2' },
    ])
    expect(await catalog.repos.organise.tagsOf('a2')).toEqual(['Beach'])
  })

  it('keeps no tag link of a deleted asset', async () => {
    const { sql, catalog } = await catalogWith(['a1', 'a2'])
    await tagAssets({ catalog }, ['a1', 'a2'], ['Beach'])
    await sql.run('DELETE FROM videos WHERE id = ?', ['a1'])
    expect(await catalog.repos.organise.list(null, 5)).toMatchObject([{ name: 'Beach', count: 1 }])
  })
})
