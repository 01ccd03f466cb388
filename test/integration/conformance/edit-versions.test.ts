import { LIBRARY_USER } from '../../../main/services/people/ownership'
import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import { getMediaWithTags, rateAssets, renameAsset, setNotes } from '../../../main/services/assets/tags'
import { createCollection, deleteCollection, renameCollection } from '../../../main/services/collections/collections'
import type { Editing } from '../../../main/services/edits/versioned-write'
import { deleteSavedSearch, renameSavedSearch, saveSearch } from '../../../main/services/saved-searches/saved-searches'
import { outcome } from '../../helpers/save-outcome'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

// Issue 64: no lost update. Each editable field of an asset has a version; a save names the one it was made from.
describe.each(ENGINES)('versioned edits on %s', (dialect) => {
  const catalogWith = async (ids: readonly string[]) => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ids)
    const catalog = createCatalog(sql)
    return { sql, catalog, ada: { catalog, actor: 'Ada' }, bob: { catalog, actor: 'Bob' } }
  }

  it('counts each field on apart and tells who changed it last, and when', async () => {
    const { ada, bob } = await catalogWith(['a1'])
    const fresh = await getMediaWithTags(ada, 'a1')
    const never = { version: 0, changedBy: null, changedAt: null }
    expect(fresh.versions).toEqual({ name: never, notes: never, rating: never })

    const before = new Date().toISOString()
    expect(await setNotes(ada, 'a1', 'first', 0)).toEqual({ id: 'a1', notes: 'first', version: 1 })
    expect(await setNotes(bob, 'a1', 'second', 1)).toEqual({ id: 'a1', notes: 'second', version: 2 })
    expect(await renameAsset(ada, 'a1', 'Opening', 0)).toEqual({ id: 'a1', name: 'Opening', version: 1 })
    expect(await rateAssets(bob, ['a1'], 4, 0)).toEqual({ ids: ['a1'], rating: 4, version: 1 })

    const asset = await getMediaWithTags(ada, 'a1')
    expect(asset).toMatchObject({ name: 'Opening', notes: 'second', rating: 4 })
    expect(asset.versions).toMatchObject({
      name: { version: 1, changedBy: 'Ada' },
      notes: { version: 2, changedBy: 'Bob' },
      rating: { version: 1, changedBy: 'Bob' },
    })
    expect(asset.versions.notes.changedAt! >= before).toBe(true)
  })

  it('refuses a save from a stale version with the current value, its version, who and when', async () => {
    const { ada, bob, catalog } = await catalogWith(['a1'])
    await setNotes(ada, 'a1', 'from Ada', 0)
    const refused = await outcome(setNotes(bob, 'a1', 'from Bob', 0))
    const { changedAt } = (await getMediaWithTags(ada, 'a1')).versions.notes
    expect(refused).toEqual({
      code: 'conflict',
      details: { field: 'notes', value: 'from Ada', version: 1, changedBy: 'Ada', changedAt },
    })
    expect(await outcome(renameAsset(bob, 'a1', 'Mine', 3))).toMatchObject({
      code: 'conflict',
      details: { field: 'name', value: 'a1.mp4', version: 0, changedBy: null },
    })
    await rateAssets(ada, ['a1'], 2, 0)
    expect(await outcome(rateAssets(bob, ['a1'], 5, 0))).toMatchObject({
      code: 'conflict',
      details: { field: 'rating', value: 2, version: 1, changedBy: 'Ada' },
    })
    // Nothing of the refused saves was written, their versions included.
    expect(await catalog.repos.organise.editable('a1')).toEqual({ name: 'a1.mp4', notes: 'from Ada', rating: 2 })
    expect((await getMediaWithTags(ada, 'a1')).versions).toMatchObject({
      name: { version: 0 },
      notes: { version: 1 },
      rating: { version: 1 },
    })
    // A stale save of the value already stored loses nothing: it passes without a new version.
    expect(await setNotes(bob, 'a1', 'from Ada', 0)).toEqual({ id: 'a1', notes: 'from Ada', version: 1 })
  })

  it('writes a save that names no version (CLI, scripts), counting the version on', async () => {
    const { ada, bob } = await catalogWith(['a1', 'a2'])
    await setNotes(ada, 'a1', 'one', 0)
    expect(await setNotes(bob, 'a1', 'two')).toEqual({ id: 'a1', notes: 'two', version: 2 })
    expect(await renameAsset(bob, 'a1', 'Renamed')).toEqual({ id: 'a1', name: 'Renamed', version: 1 })
    expect(await rateAssets(bob, ['a1', 'a2'], 3)).toEqual({ ids: ['a1', 'a2'], rating: 3 })
    const [a1, a2] = [await getMediaWithTags(ada, 'a1'), await getMediaWithTags(ada, 'a2')]
    expect(a1).toMatchObject({ notes: 'two', versions: { notes: { version: 2, changedBy: 'Bob' } } })
    expect(a2.versions.rating).toMatchObject({ version: 1, changedBy: 'Bob' })
    // A bulk rating that changes nothing makes no new version.
    await rateAssets(ada, ['a1', 'a2'], 3)
    expect((await getMediaWithTags(ada, 'a2')).versions.rating).toMatchObject({ version: 1, changedBy: 'Bob' })
    await expect(setNotes(ada, 'zz', 'n', 0)).rejects.toThrow('No asset with id zz.')
    await expect(rateAssets(ada, ['zz'], 1, 0)).rejects.toThrow('No asset with id zz.')
    expect((await getMediaWithTags(ada, 'a1')).versions.rating.version).toBe(1)
  })

  it.each([0, 1])('lets exactly one of two simultaneous saves from version %i win', async (base) => {
    const { ada, bob, catalog } = await catalogWith(['a1'])
    if (base === 1) await setNotes(ada, 'a1', 'start', 0)
    const results = await Promise.all([
      outcome(setNotes(ada, 'a1', 'Ada was here', base)),
      outcome(setNotes(bob, 'a1', 'Bob was here', base)),
    ])
    const won = results.filter((result) => 'ok' in result)
    const lost = results.filter((result) => !('ok' in result))
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    const winner = (won[0] as { ok: { notes: string; version: number } }).ok
    expect(winner.version).toBe(base + 1)
    expect(lost[0]).toMatchObject({ code: 'conflict', details: { value: winner.notes, version: base + 1 } })
    expect((await catalog.repos.organise.editable('a1'))?.notes).toBe(winner.notes)
    expect((await getMediaWithTags(ada, 'a1')).versions.notes.version).toBe(base + 1)
  })
})

/** A named record of one kind: how one is made, renamed from a base version, and its name read back. */
interface Renamer {
  kind: string
  create(lib: Editing, name: string): Promise<number>
  rename(lib: Editing, id: number, name: string, base?: number): Promise<{ name: string; version: number }>
  delete(lib: Required<Editing>, id: number): Promise<unknown>
}

const RENAMERS: readonly Renamer[] = [
  {
    kind: 'collection',
    create: async (lib, name) => (await createCollection(lib, name)).collection.id,
    rename: async (lib, id, name, base) => {
      const { collection, version } = await renameCollection(lib, id, name, base)
      return { name: collection.name, version }
    },
    delete: (lib, id) => deleteCollection(lib, id),
  },
  {
    kind: 'saved search',
    create: async (lib, name) => (await saveSearch(lib, LIBRARY_USER, name, { query: '', filter: {} })).search.id,
    rename: async (lib, id, name, base) => {
      const { search, version } = await renameSavedSearch(lib, LIBRARY_USER, id, name, base)
      return { name: search.name, version }
    },
    delete: (lib, id) => deleteSavedSearch(lib, LIBRARY_USER, id),
  },
]

// Issue 64, point 5: collections' and saved searches' names, versioned by the same table and rule.
describe.each(ENGINES.flatMap((dialect) => RENAMERS.map((renamer) => ({ dialect, ...renamer }))))(
  'versioned renames of a $kind on $dialect',
  ({ dialect, create, rename, delete: remove }) => {
    const two = async () => {
      const catalog = createCatalog(await freshEngine(dialect))
      return { ada: { catalog, actor: 'Ada' }, bob: { catalog, actor: 'Bob' } }
    }

    it('counts the name on, refuses a stale rename with the current name, who and when, writes one naming none', async () => {
      const { ada, bob } = await two()
      const id = await create(ada, 'Dailies')
      expect(await rename(ada, id, 'Dailies week 1', 0)).toEqual({ name: 'Dailies week 1', version: 1 })
      expect(await rename(bob, id, 'Dailies week 2', 1)).toEqual({ name: 'Dailies week 2', version: 2 })
      expect(await outcome(rename(ada, id, 'Mine', 1))).toMatchObject({
        code: 'conflict',
        details: {
          field: 'name',
          value: 'Dailies week 2',
          version: 2,
          changedBy: 'Bob',
          changedAt: expect.any(String),
        },
      })
      // A stale rename to the name already there loses nothing.
      expect(await rename(ada, id, 'Dailies week 2', 1)).toEqual({ name: 'Dailies week 2', version: 2 })
      expect(await rename(ada, id, 'Final')).toEqual({ name: 'Final', version: 3 })
      expect(await outcome(rename(ada, 9999, 'Gone', 0))).toMatchObject({ code: 'not_found' })
      // A deleted record's versions go with it: a record made next (on SQLite, maybe under its id) starts at 0.
      await remove(ada, id)
      const next = await create(bob, 'Next')
      expect(await rename(bob, next, 'Next one', 0)).toEqual({ name: 'Next one', version: 1 })
    })

    it('lets exactly one of two simultaneous renames from one version win', async () => {
      const { ada, bob } = await two()
      const id = await create(ada, 'Picks')
      const results = await Promise.all([
        outcome(rename(ada, id, 'Picks by Ada', 0)),
        outcome(rename(bob, id, 'Picks by Bob', 0)),
      ])
      const won = results.filter((result) => 'ok' in result)
      expect(won).toHaveLength(1)
      const winner = (won[0] as { ok: { name: string } }).ok.name
      expect(results.find((result) => !('ok' in result))).toMatchObject({
        code: 'conflict',
        details: { value: winner, version: 1 },
      })
      expect(await rename(ada, id, winner)).toEqual({ name: winner, version: 2 })
    })
  },
)
