import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelOutput } from '../../shared/contract'
import type { LocalLibrary } from '../../main/app/library-context'
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
  lib.db
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
