import { describe, expect, it } from 'vitest'
import { noteScreenWords } from '../../main/services/pipelines/screen-text'
import { seedAssets } from '../helpers/assets'
import { call, type Page } from '../helpers/browse'
import { testLibrary } from '../helpers/library'

// Issue 19: words read on screen join the library's search; only words Tesseract is sure of.
const word = (text: string, confidence: number) => ({ text, confidence, box: { x: 0, y: 0, width: 1, height: 1 } })

describe('screen text', () => {
  it('finds an asset by sure words read on its frames, not by noise, and keeps words across runs', async () => {
    const lib = testLibrary()
    const [clip, other] = (await seedAssets(lib, 2)).map((asset) => asset.id)
    const found = async (query: string) =>
      (await call<Page>(lib, 'media:list', { query, limit: 10 })).items.map((item) => item.id)
    await noteScreenWords(lib, clip!, [
      { timestamp: 2.5, words: [word('Zanzibar', 93), word('OKO', 74), word('2', 96)] },
    ])
    expect(await found('zanzibar')).toEqual([clip])
    expect(await found('oko')).toEqual([])
    // Another run reads a new word, and an old one on an earlier frame: its first time moves to it.
    await noteScreenWords(lib, clip!, [
      { timestamp: 0.5, words: [word('Zanzibar', 90)] },
      { timestamp: 4, words: [word('Quetzal', 88), word('Zanzibar', 95)] },
    ])
    expect(await found('zanzibar')).toEqual([clip])
    expect(await found('quetzal')).toEqual([clip])
    expect(await lib.catalog.repos.screenText.get(clip!)).toEqual({
      words: 'Zanzibar Quetzal',
      firstSeen: { Zanzibar: 0.5, Quetzal: 4 },
    })
    expect(await lib.catalog.repos.screenText.get(other!)).toBeUndefined()
  })
})
