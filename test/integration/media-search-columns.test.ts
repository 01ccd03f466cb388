import { describe, expect, it } from 'vitest'
import { seedAssets } from '../helpers/assets'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'
import { traceSearchQueries } from '../bench/sql-trace'

// Migration 0060's virtual generated columns: each is computed again for every row that names it.
const GENERATED = /^(width|height|orientation|has_audio|container|sort_(imported|name|duration|size|pixels))$/

describe('a media:list page statement', () => {
  it.each<[string, Record<string, unknown>, { warm?: boolean }?]>([
    ['the default order', {}],
    ['a filtered, sorted page', { filter: { mediaType: ['video'], minWidth: 1000 }, sort: { by: 'duration' } }],
    ['a text search', { query: 'café' }],
    ['a tag filter', { filter: { tags: ['rare'] } }],
    // Once the facet index is read, a common word's page is found in memory and its rows read by rowid.
    ['a text search walked against marks', { query: 'shot' }, { warm: true }],
    // Whole records (the CLI's `ls`): every stored column, still none generated.
    ['whole records', { view: 'full' }],
  ])('for %s returns stored columns and the sort key only, no generated column', async (_what, input, trace = {}) => {
    const lib = testLibrary()
    const [asset] = await seedAssets(lib, 50)
    await call(lib, 'media:tag', { ids: [asset!.id], tags: ['rare'] })
    const request = () => call(lib, 'media:list', { limit: 10, cursor: null, ...input })
    const traced = await traceSearchQueries(lib, request, trace)
    const page = traced.find((query) => /\bAS sort_key\b/.test(query.sql))!
    const columns = lib.sqlite.db
      .prepare(page.sql)
      .columns()
      .map((column) => column.name)
    // `v.*` computed every generated column (the metadata JSON parsed twice) for each row of each page.
    expect(columns.filter((name) => GENERATED.test(name))).toEqual([])
    expect(columns).toContain('sort_key')
    if (input.view === 'full') {
      expect(columns).toEqual(expect.arrayContaining(['id', 'name', 'metadata', 'rating', 'notes']))
    } else {
      // A list item's columns: the metadata record (half a page's bytes), hash and file path stay in the database.
      expect(columns).toEqual(expect.arrayContaining(['id', 'name', 'codec', 'codec_name', 'codec_profile', 'rating']))
      expect(columns.filter((name) => ['metadata', 'file_hash', 'file_path'].includes(name))).toEqual([])
    }
  })
})
