import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import path from 'node:path'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { dispatch } from '../../main/dispatch'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { seedAssets } from '../helpers/assets'
import { call, suiteTempDir, type Page } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const COUNT = 120
let lib: LocalLibrary

beforeAll(async () => {
  lib = openLibrary(suiteTempDir())
  await seedAssets(lib, COUNT)
})
afterAll(() => lib.close())

describe('full-text search', () => {
  const names = async (query: string, target = lib) =>
    (await call<Page>(target, 'media:list', { query, limit: 500 })).items.map((item) => item.name)

  it('folds diacritics both ways and matches word prefixes', async () => {
    const target = testLibrary()
    {
      await seedAssets(target, 30)
      const cafe = (await names('cafe', target)).sort()
      expect(cafe.length).toBeGreaterThan(0)
      expect(cafe.every((name) => name.startsWith('Café'))).toBe(true)
      expect((await names('CAFÉ', target)).sort()).toEqual(cafe)
      expect((await names('caf', target)).sort()).toEqual(cafe)
      expect(await names('olberg', target)).toEqual(await names('Ölberg', target))
      expect((await names('sho', target)).length).toBe(30)
      expect(await names('shot-12', target)).toEqual(expect.arrayContaining([expect.stringMatching(/shot-12\./)]))
      // The original path is indexed: the folder name finds the files below it.
      const zurich = await call<Page>(target, 'media:list', { query: 'zurich', limit: 500, view: 'full' })
      expect(zurich.items.length).toBeGreaterThan(0)
      expect(zurich.items.every((item) => 'originalPath' in item && item.originalPath!.includes('/Zürich/'))).toBe(true)
    }
  })

  it('finds tags, notes and new names as soon as they change, and forgets removed ones', async () => {
    const target = testLibrary()
    {
      const [first, second] = (await seedAssets(target, 2)).map((asset) => asset.id)
      const ids = async (query: string) =>
        (await call<Page>(target, 'media:list', { query, limit: 10 })).items.map((item) => item.id)
      expect(await ids('sunset')).toEqual([])
      await call(target, 'media:tag', { ids: [first], tags: ['Sunset Crew'] })
      expect(await ids('sunset')).toEqual([first])
      expect(await ids('crew sun')).toEqual([first])
      await call(target, 'media:set-notes', { id: second, notes: 'Needs colour grading' })
      expect(await ids('grad')).toEqual([second])
      await call(target, 'media:rename', { id: second, name: 'Répétition générale' })
      expect(await ids('repetition')).toEqual([second])
      await call(target, 'media:untag', { ids: [first], tags: ['sunset crew'] })
      expect(await ids('sunset')).toEqual([])
      target.sqlite.db.prepare("UPDATE tags SET name = 'Dawn' WHERE name = 'Sunset Crew'").run()
      await call(target, 'media:tag', { ids: [second], tags: ['dawn'] })
      expect(await ids('dawn')).toEqual([second])
      // A renamed tag is found by its new name on the assets that carry it.
      target.sqlite.db.prepare("UPDATE tags SET name = 'Dusk' WHERE name = 'Dawn'").run()
      expect(await ids('dusk')).toEqual([second])
      expect(await ids('dawn')).toEqual([])
      target.sqlite.db.prepare('DELETE FROM videos WHERE id = ?').run(second)
      expect(await ids('dusk')).toEqual([])
      expect(target.sqlite.db.prepare('SELECT count(*) FROM videos_fts').pluck().get()).toBe(1)
    }
  })

  it.each([
    '"',
    '"café',
    'café"',
    '(shot',
    'shot)',
    'NEAR(shot café)',
    'shot NEAR café',
    '*',
    'shot*',
    '-shot',
    'shot -café',
    'name:shot',
    '{name}:shot',
    'shot AND',
    'OR',
    'NOT café',
    '^shot',
    'shot + café',
    "'; DROP TABLE videos; --",
    '😀 café',
    'Ｃａｆé',
    '\u202e shot',
    ' ',
  ])('takes %j literally, as its words', async (query) => {
    const words =
      query
        .normalize('NFC')
        .match(/[\p{L}\p{M}\p{N}]+/gu)
        ?.join(' ') ?? ''
    const answer = await dispatch(lib, 'media:list', { query, limit: 500 })
    expect(answer.ok).toBe(true)
    const plain = await call<Page>(lib, 'media:list', { query: words, limit: 500 })
    expect((answer as { data: Page }).data.items.map((item) => item.id)).toEqual(plain.items.map((item) => item.id))
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM videos').pluck().get()).toBe(COUNT)
  })

  // Issue 61 point 6: a NUL is refused in every text input, a search's too (a hub's PostgreSQL cannot hold it).
  it('refuses a query with a NUL in words, changing nothing', async () => {
    const answer = await dispatch(lib, 'media:list', { query: '\u0000shot', limit: 500 })
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'validation', details: { issues: [{ code: 'nul_character' }] } },
    })
    expect(lib.sqlite.db.prepare('SELECT count(*) FROM videos').pluck().get()).toBe(COUNT)
  })
})

describe('the search index of real imports and older libraries', () => {
  it('finds an imported file by the prefix of its name and of its folder', async () => {
    const target = testLibrary()
    const { items } = await importAndWait(target, [inject('fixtures').mp4])
    const id = items[0]!.asset!.id
    const name = items[0]!.name.replace(/\.[^.]+$/, '')
    const ids = async (query: string) =>
      (await call<Page>(target, 'media:list', { query, limit: 10 })).items.map((item) => item.id)
    expect(await ids(name.slice(0, 3))).toEqual([id])
    expect(await ids('nothing-like-it')).toEqual([])
  })

  it('indexes the rows a library had before migration 0060', async () => {
    const dir = tempDir()
    // The schema only (repos of later migrations would not prepare against it).
    const before = openDatabase(
      path.join(dir, 'library.db'),
      migrations.filter((m) => m.version < 60),
    ).db
    before
      .prepare("INSERT INTO videos (id, name, file_path, original_path, imported_at) VALUES (?, ?, ?, ?, '2025-01-01')")
      .run('OLD1', 'Crème brûlée.mov', '/x/old1.mov', '/Volumes/Archiv/Küche/Crème brûlée.mov')
    before.close()
    const after = testLibrary(dir)
    expect(after.sqlite.migration.applied).toContain('60-search-and-tags')
    const found = async (query: string) =>
      (await call<Page>(after, 'media:list', { query, limit: 10 })).items.map((item) => item.id)
    expect(await found('creme brulee')).toEqual(['OLD1'])
    expect(await found('kuch')).toEqual(['OLD1'])
    expect((await call<Page>(after, 'media:list', { limit: 10, view: 'full' })).items[0]).toMatchObject({
      rating: 0,
      notes: null,
    })
  })
})
