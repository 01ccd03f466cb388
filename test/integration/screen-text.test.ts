import { describe, expect, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { readScreenText } from '../../main/pipelines/text/screen-text-reader'
import { noteScreenWords } from '../../main/services/pipelines/screen-text'
import { TextStageConfig } from '../../shared/pipeline-stage-configs'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { tempDir } from '../helpers/temp-dir'
import { seedAssets } from '../helpers/assets'
import { call, type Page } from '../helpers/browse'
import { testLibrary } from '../helpers/library'

// Issue 19: words read on screen join the library's search. Issue 62 point 4: the index takes the words the
// timeline shows (the stage's one rule kept them), less those the frame's edge cut.
const word = (text: string, cut?: true) => ({
  text,
  ...(cut && { cut }),
  confidence: 70,
  box: { x: 0, y: 0, width: 1, height: 1 },
})

describe('screen text', () => {
  it('finds an asset by the words its timeline shows, not by words the edge cut, and keeps words across runs', async () => {
    const lib = testLibrary()
    const [clip, other] = (await seedAssets(lib, 2)).map((asset) => asset.id)
    const found = async (query: string) =>
      (await call<Page>(lib, 'media:list', { query, limit: 10 })).items.map((item) => item.id)
    await noteScreenWords(lib, clip!, [
      { timestamp: 2.5, words: [word('Zanzibar'), word('v2.5'), word('Parliame', true)] },
    ])
    expect(await found('zanzibar')).toEqual([clip])
    // Shown on the timeline at a confidence of 70 (the stage keeps 60 and up): found by search too.
    expect(await found('v2.5')).toEqual([clip])
    expect(await found('parliame')).toEqual([])
    // Another run reads a new word, and an old one on an earlier frame: its first time moves to it.
    await noteScreenWords(lib, clip!, [
      { timestamp: 0.5, words: [word('Zanzibar')] },
      { timestamp: 4, words: [word('Quetzal'), word('Zanzibar')] },
    ])
    expect(await found('zanzibar')).toEqual([clip])
    expect(await found('quetzal')).toEqual([clip])
    expect(await lib.catalog.repos.screenText.get(clip!)).toEqual({
      words: 'Zanzibar v2.5 Quetzal',
      firstSeen: { Zanzibar: 0.5, 'v2.5': 2.5, Quetzal: 4 },
    })
    expect(await lib.catalog.repos.screenText.get(other!)).toBeUndefined()
  })

  // Issue 62 point 2: the model reads these bare ("Zurich", "Nandu"); Tesseract's Latin-script reading of the same
  // line gives back their marks.
  it('reads accented words with their marks, and search finds them with and without', { timeout: 60_000 }, async () => {
    const read = await readClip(writeWordClip(tempDir(), { word: 'Zürich Ñandú', from: 0, to: 2, seconds: 2 }))
    const words = read.get(1)!.map((word) => word.text)
    expect(words[0]).toBe('Zürich')
    expect(words[1]!.normalize('NFD').replace(/\p{M}/gu, '')).toBe('Nandu')
    expect(words[1]).toMatch(/ú$/)
    const lib = testLibrary()
    const [asset] = await seedAssets(lib, 1)
    await noteScreenWords(lib, asset!.id, [{ timestamp: 0.5, words: read.get(1)! }])
    for (const query of ['Zürich', 'zurich', 'ZURICH', 'nandú', 'nandu']) {
      const page = await call<Page>(lib, 'media:list', { query, limit: 10 })
      expect(
        page.items.map((item) => item.id),
        query,
      ).toEqual([asset!.id])
    }
  })

  // An outline's light halo made Tesseract read hollow letters: "Ñandú Señora" came back bare, as "Nandu senora".
  it('reads the marks of words drawn white with a black outline', { timeout: 60_000 }, async () => {
    const clip = writeWordClip(tempDir(), { word: 'Ñandú Señora', from: 0, to: 2, seconds: 2, outlined: true })
    const read = await readClip(clip)
    expect(read.get(1)!.map((word) => word.text)).toEqual(['Ñandú', 'Señora'])
  })
})

/** The words the text stage reads on a two-second clip's first four frames (two a second). */
function readClip(clip: string) {
  return readScreenText({
    ffmpeg: resolveMediaTools().ffmpeg,
    tesseract: 'tesseract',
    source: clip,
    fps: 2,
    sequences: new Set([0, 1, 2, 3]),
    config: TextStageConfig.parse({}),
    scratch: tempDir(),
    concurrency: 2,
    signal: new AbortController().signal,
  })
}
