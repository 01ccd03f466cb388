import type { Uses } from '../library-context'
import type { ScreenWords } from '../../db/repos/screen-text'
import type { FrameWord } from '../../pipelines/text/tesseract-tsv'

/**
 * Adds the words read on an asset's frames to its search text (the distinct words of every text output, kept in
 * the order first read): the words the timeline shows, by the one rule that kept them (kept-words.ts), less those
 * the frame's edge cut (a ticker's word coming in or going out), so searching the library finds the clip by what is written on screen, with the time of
 * the first frame each word was read on (the earliest over every output), so a hit can say when.
 */
export function noteScreenWords(
  lib: Uses<'screenText'>,
  assetId: string,
  frames: { timestamp: number; words: Pick<FrameWord, 'text' | 'cut'>[] }[],
): Promise<void> {
  return lib.catalog.transaction(async ({ screenText }) => {
    const known = await screenText.get(assetId)
    const merged = mergeWords(known, frames)
    if (merged) await screenText.put(assetId, merged, new Date().toISOString())
  })
}

/** `known` words with the sure words of `frames` added, or undefined when they add nothing. */
function mergeWords(
  known: ScreenWords | undefined,
  frames: { timestamp: number; words: Pick<FrameWord, 'text' | 'cut'>[] }[],
): ScreenWords | undefined {
  const words = new Set(known ? known.words.split(' ').filter(Boolean) : [])
  const firstSeen = { ...known?.firstSeen }
  let changed = known === undefined
  for (const frame of frames) {
    for (const word of frame.words) {
      const text = word.text.trim()
      if (word.cut || text === '') continue
      words.add(text)
      if (firstSeen[text] === undefined || frame.timestamp < firstSeen[text]) {
        firstSeen[text] = frame.timestamp
        changed = true
      }
    }
  }
  return changed ? { words: [...words].join(' '), firstSeen } : undefined
}
