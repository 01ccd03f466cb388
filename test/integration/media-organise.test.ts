import { describe, expect, it } from 'vitest'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { seededLibrary } from '../helpers/assets'
import { call } from '../helpers/browse'

/** Every row of the tables organising writes, to check that a refused call wrote nothing. */
function snapshot(lib: LocalLibrary) {
  const all = (sql: string) => lib.sqlite.db.prepare(sql).all()
  return {
    tags: all('SELECT * FROM tags ORDER BY id'),
    links: all('SELECT * FROM asset_tags ORDER BY asset_id, tag_id'),
    videos: all('SELECT id, name, rating, notes FROM videos ORDER BY id'),
    fts: all('SELECT rowid, * FROM videos_fts ORDER BY rowid'),
  }
}

describe('tags', () => {
  it('creates tags on the fly, reuses them whatever their case, and counts them for autocomplete', async () => {
    const { lib, ids, events } = await seededLibrary(6)
    const first = await call(lib, 'media:tag', { ids: ids.slice(0, 3), tags: ['  Beach ', 'Sunset'] })
    expect(first).toEqual({ ids: ids.slice(0, 3), added: 6, created: ['Beach', 'Sunset'] })
    lib.changes.flush()
    const again = await call(lib, 'media:tag', { ids: ids.slice(2, 4), tags: ['beach', 'BEACH'] })
    expect(again).toEqual({ ids: [ids[3]], added: 1, created: [] })
    lib.changes.flush()
    // New tags the first time; a known one the second (the seed was change 1).
    expect(events).toEqual([
      {
        name: 'library:changed',
        payload: { tables: ['videos_fts', 'tags', 'asset_tags'], topics: ['search-text', 'tags'], seq: 2 },
      },
      {
        name: 'library:changed',
        payload: { tables: ['videos_fts', 'asset_tags'], topics: ['search-text', 'tags'], seq: 3 },
      },
    ])
    expect(await call(lib, 'tags:list', {})).toEqual({
      tags: [
        { id: expect.any(Number), name: 'Beach', count: 4 },
        { id: expect.any(Number), name: 'Sunset', count: 3 },
      ],
    })
    expect(await call(lib, 'tags:list', { prefix: 'sun' })).toMatchObject({ tags: [{ name: 'Sunset' }] })
    // The prefix is text, not a LIKE pattern.
    expect(await call(lib, 'tags:list', { prefix: '%' })).toEqual({ tags: [] })
    expect(await call(lib, 'media:get', { id: ids[2] })).toMatchObject({ tags: ['Beach', 'Sunset'] })
  })

  it('untags and reports only what it removed', async () => {
    const { lib, ids, events } = await seededLibrary(6)
    await call(lib, 'media:tag', { ids: ids.slice(0, 2), tags: ['a', 'b'] })
    lib.changes.flush()
    events.length = 0
    expect(await call(lib, 'media:untag', { ids, tags: ['A', 'missing'] })).toEqual({
      ids: ids.slice(0, 2),
      removed: 2,
    })
    lib.changes.flush()
    expect(await call(lib, 'media:untag', { ids, tags: ['a'] })).toEqual({ ids: [], removed: 0 })
    lib.changes.flush()
    expect(events).toEqual([
      {
        name: 'library:changed',
        payload: { tables: ['videos_fts', 'asset_tags'], topics: ['search-text', 'tags'], seq: 3 },
      },
    ])
    expect(await call(lib, 'media:get', { id: ids[0] })).toMatchObject({ tags: ['b'] })
  })

  it('writes nothing when one id of a selection is unknown', async () => {
    const { lib, ids, events } = await seededLibrary(6)
    const before = snapshot(lib)
    for (const [channel, input] of [
      ['media:tag', { ids: [...ids, 'GONE'], tags: ['new-tag'] }],
      ['media:untag', { ids: ['GONE'], tags: ['new-tag'] }],
      ['media:set-rating', { ids: [ids[0], 'GONE'], rating: 5 }],
      ['media:set-notes', { id: 'GONE', notes: 'x' }],
      ['media:rename', { id: 'GONE', name: 'x' }],
    ] as const) {
      const answer = await dispatch(lib, channel, input)
      expect([channel, answer]).toMatchObject([channel, { ok: false, error: { code: 'not_found' } }])
    }
    expect(snapshot(lib)).toEqual(before)
    lib.changes.flush()
    expect(events).toEqual([])
  })

  it.each([
    ['media:tag', { ids: ['A00000'], tags: [' '] }],
    ['media:tag', { ids: ['A00000'], tags: ['x'.repeat(65)] }],
    ['media:tag', { ids: ['A00000'], tags: ['line\nbreak'] }],
    ['media:tag', { ids: ['A00000', 'A00000'], tags: ['dup'] }],
    ['media:tag', { ids: [], tags: ['x'] }],
    ['media:set-rating', { ids: ['A00000'], rating: 6 }],
    ['media:set-rating', { ids: ['A00000'], rating: 2.5 }],
    ['media:rename', { id: 'A00000', name: '   ' }],
    ['media:set-notes', { id: 'A00000', notes: 'x'.repeat(20_001) }],
    ['media:list', { filter: { minRating: 9 } }],
    ['media:list', { sort: { by: 'colour' } }],
    ['media:list', { filter: { importedFrom: 'yesterday' } }],
  ])('refuses %s %j and writes nothing', async (channel, input) => {
    const { lib } = await seededLibrary(1)
    const before = snapshot(lib)
    expect(await dispatch(lib, channel, input)).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(snapshot(lib)).toEqual(before)
  })
})

describe('rating, notes and display names', () => {
  it('rates a selection and reports the assets whose rating changed', async () => {
    const { lib, ids, events } = await seededLibrary(6)
    expect(await call(lib, 'media:set-rating', { ids: ids.slice(0, 3), rating: 4 })).toEqual({
      ids: ids.slice(0, 3),
      rating: 4,
    })
    lib.changes.flush()
    expect(await call(lib, 'media:set-rating', { ids: ids.slice(0, 4), rating: 4 })).toEqual({
      ids: [ids[3]],
      rating: 4,
    })
    lib.changes.flush()
    expect(events.map((event) => event.name === 'library:changed' && event.payload)).toEqual([
      { tables: ['videos', 'videos_fts'], topics: ['assets', 'search-text'], seq: 2 },
      { tables: ['videos', 'videos_fts'], topics: ['assets', 'search-text'], seq: 3 },
    ])
    expect(await call(lib, 'media:get', { id: ids[1] })).toMatchObject({ rating: 4 })
  })

  it('stores notes (blank clears them) and renames by display name only', async () => {
    const { lib, ids } = await seededLibrary(1)
    const [id] = ids as [string]
    const filePath = (await call<{ filePath: string }>(lib, 'media:get', { id })).filePath
    expect(await call(lib, 'media:set-notes', { id, notes: 'Colour: warm' })).toEqual({
      id,
      notes: 'Colour: warm',
      version: 1,
    })
    expect(await call(lib, 'media:rename', { id, name: '  Final cut  ' })).toEqual({
      id,
      name: 'Final cut',
      version: 1,
    })
    expect(await call(lib, 'media:get', { id })).toMatchObject({ name: 'Final cut', notes: 'Colour: warm', filePath })
    expect(await call(lib, 'media:set-notes', { id, notes: '  ' })).toEqual({ id, notes: null, version: 2 })
    expect(lib.sqlite.db.prepare('SELECT notes FROM videos_fts').pluck().get()).toBe('')
  })
})
