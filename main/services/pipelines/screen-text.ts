import type { Library } from '../../library/library'

/**
 * Adds the words read on an asset's frames to its search text (the distinct words of every text output, kept in
 * the order first read), so searching the library finds the clip by what is written on screen.
 */
export function noteScreenWords(lib: Library, assetId: string, frames: { words: { text: string }[] }[]): void {
  const known = lib.repos.screenText.get(assetId)
  const words = new Set(known ? known.split(' ').filter(Boolean) : [])
  const before = words.size
  for (const frame of frames) for (const word of frame.words) if (word.text.trim()) words.add(word.text.trim())
  if (known !== undefined && words.size === before) return
  lib.repos.screenText.put(assetId, [...words].join(' '), new Date().toISOString())
  lib.events.emit('library:changed', { tables: ['asset_screen_text', 'videos_fts'] })
}
