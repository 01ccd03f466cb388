import type { Library } from '../../library/library'

// Words Tesseract reads on busy footage without text are mostly noise ("OKO", "wy", "2" on ThreatExchange's chair
// clips, at 60–78): only words it is sure of, with two letters or digits at least, join the search text.
const SEARCH_CONFIDENCE = 80
const WORD_CORE = /[\p{L}\p{N}]{2,}/u

/**
 * Adds the words read on an asset's frames to its search text (the distinct sure words of every text output, kept
 * in the order first read), so searching the library finds the clip by what is written on screen.
 */
export function noteScreenWords(
  lib: Pick<Library, 'repos'>,
  assetId: string,
  frames: { words: { text: string; confidence: number }[] }[],
): void {
  const known = lib.repos.screenText.get(assetId)
  const words = new Set(known ? known.split(' ').filter(Boolean) : [])
  const before = words.size
  for (const frame of frames) {
    for (const word of frame.words) {
      const text = word.text.trim()
      if (word.confidence >= SEARCH_CONFIDENCE && WORD_CORE.test(text)) words.add(text)
    }
  }
  if (known !== undefined && words.size === before) return
  lib.repos.screenText.put(assetId, [...words].join(' '), new Date().toISOString())
}
