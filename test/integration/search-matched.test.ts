import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelOutput } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { noteScreenWords } from '../../main/services/pipelines/screen-text'
import { seedAssets } from '../helpers/assets'
import { call, suiteTempDir } from '../helpers/browse'

type Page = ChannelOutput<'media:list'>
let lib: LocalLibrary
let ids: string[]

beforeAll(async () => {
  lib = openLibrary(suiteTempDir())
  ids = (await seedAssets(lib, 6)).map((asset) => asset.id)
  const [named, tagged, prompted, onScreen, noted] = ids
  await call(lib, 'media:rename', { id: named, name: 'lantern festival.mp4' })
  await call(lib, 'media:tag', { ids: [tagged], tags: ['lantern-night'] })
  lib.sqlite.db
    .prepare('INSERT INTO video_generation (video_id, prompt) VALUES (?, ?)')
    .run(prompted, 'a paper lantern drifting over a dark lake, cinematic, slow pan, volumetric light, film grain')
  // SALE from the first second, lantern from 0:03 (read again later), as the text stage notes them.
  const read = (text: string) => ({ text, confidence: 95, box: { x: 0, y: 0, width: 1, height: 1 } })
  noteScreenWords(lib, onScreen!, [
    { timestamp: 1, words: [read('SALE')] },
    { timestamp: 3, words: [read('SALE'), read('lantern'), read('50%'), read('OFF')] },
    { timestamp: 7, words: [read('lantern')] },
  ])
  await call(lib, 'media:set-notes', { id: noted, notes: 'Client asked for the lantern shot first.' })
})
afterAll(() => lib.close())

describe('why a search hit matched (issue 37 point 8)', () => {
  it('names the field that held the hit and a passage of it, the hit marked', async () => {
    const { items } = await call<Page>(lib, 'media:list', { query: 'lantern' })
    const reason = new Map(items.map((item) => [item.id, item.matched]))
    expect(items).toHaveLength(5)
    const [named, tagged, prompted, onScreen, noted] = ids
    expect(reason.get(named!)).toEqual({
      field: 'name',
      parts: [
        { text: 'lantern', hit: true },
        { text: ' festival.mp4', hit: false },
      ],
    })
    expect(reason.get(tagged!)?.field).toBe('tags')
    expect(reason.get(prompted!)).toMatchObject({ field: 'prompt' })
    // A long prompt is cut to the words around the hit.
    const passage = reason.get(prompted!)!.parts
    expect(passage.filter((part) => part.hit).map((part) => part.text)).toEqual(['lantern'])
    expect(passage.map((part) => part.text).join('')).toMatch(/^a paper lantern drifting over .*…$/)
    expect(reason.get(onScreen!)).toEqual({
      field: 'screen',
      at: 3,
      parts: [
        { text: 'SALE ', hit: false },
        { text: 'lantern', hit: true },
        { text: ' 50% OFF', hit: false },
      ],
    })
    expect(reason.get(noted!)?.field).toBe('notes')
  })

  it('prefers what a person sees first, and says nothing without a search text', async () => {
    await call(lib, 'media:set-notes', { id: ids[0], notes: 'lantern again' })
    const { items } = await call<Page>(lib, 'media:list', { query: 'lant' })
    expect(items.find((item) => item.id === ids[0])?.matched?.field).toBe('name')
    const plain = await call<Page>(lib, 'media:list', {})
    expect(plain.items.every((item) => item.matched === undefined)).toBe(true)
  })
})

describe('reasons told from the text index columns a walk by name marks (issue 39)', () => {
  it('gives the reasons the texts give, reading the texts only of assets whose first hit the row does not hold', async () => {
    const walked = openLibrary(suiteTempDir())
    const seeded = (await seedAssets(walked, 40)).map((asset) => asset.id)
    const setPath = walked.sqlite.db.prepare('UPDATE videos SET original_path = ? WHERE id = ?')
    // By place modulo 5: the word in the name; in the path; in the path and a tag; in the path and the notes; nowhere.
    const expected = new Map<string, string>()
    for (const [i, id] of seeded.entries()) {
      const kind = i % 5
      if (kind === 0) await call(walked, 'media:rename', { id, name: `lantern ${i}.mp4` })
      if (kind === 4) continue
      if (kind > 0) setPath.run(`/shoot/Lantern night/clip ${i}.mp4`, id)
      if (kind === 2) await call(walked, 'media:tag', { ids: [id], tags: ['lantern-walk'] })
      if (kind === 3) await call(walked, 'media:set-notes', { id, notes: 'the lantern at dusk' })
      expected.set(id, ['name', 'path', 'tags', 'notes'][kind]!)
    }
    // Read, the facet index marks a word's matches; 32 of 40 are too many to drive a 5-row page: the name order walks.
    await call(walked, 'media:facets', {})
    await walked.sqlite.facetIndex.ready()
    const readFor: string[] = []
    const readTexts = walked.sqlite.repos.searchTexts
    walked.sqlite.repos.searchTexts = (ids) => {
      readFor.push(...ids)
      return readTexts(ids)
    }
    const reasons = async (sort: object, filter = {}) => {
      const told = new Map<string, unknown>()
      let cursor: string | null = null
      do {
        const page: Page = await call<Page>(walked, 'media:list', { query: 'lant', limit: 5, cursor, sort, filter })
        for (const item of page.items) told.set(item.id, item.matched)
        cursor = page.nextCursor
      } while (cursor !== null)
      return told
    }
    const byName = await reasons({ by: 'name', dir: 'asc' })
    expect(new Map([...byName].map(([id, matched]) => [id, (matched as { field: string }).field]))).toEqual(expected)
    // Only the assets whose tag is their first hit had their texts read.
    const tagged = seeded.filter((_, i) => i % 5 === 2)
    expect(new Set(readFor)).toEqual(new Set(tagged))
    // The library's default view collapses stacks: a filter, so the page statement walks the name order against the
    // marks, and tells the columns as well.
    readFor.length = 0
    expect(await reasons({ by: 'name', dir: 'asc' }, { collapseStacks: true })).toEqual(byName)
    expect(new Set(readFor)).toEqual(new Set(tagged))
    // In import order (no columns told), every text is read and the reasons are the same.
    readFor.length = 0
    expect(await reasons({ by: 'imported', dir: 'desc' })).toEqual(byName)
    expect(readFor.length).toBeGreaterThan(tagged.length)
    await walked.close()
  })
})
