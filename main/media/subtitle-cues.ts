import type { SubtitleCue } from '../../shared/contract'

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s|$)/
const SKIPPED_BLOCKS = /^(NOTE|STYLE|REGION)(\s|$)/
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  lrm: '',
  rlm: '',
  quot: '"',
  apos: "'",
}

/**
 * The cues of a WebVTT or SubRip document (SubRip is WebVTT's ancestor: numbered cues, commas in the times), in
 * the order given. NOTE, STYLE and REGION blocks, headers, cue identifiers and cue settings are skipped. A timing
 * line starts a cue even without the blank line before it that the formats ask for (files in the wild leave it out).
 * Markup (`<i>`, `<v Name>`, `<font …>`, timestamps) and `{…}` blocks (ASS override tags, which SubRip files carry
 * too, and ASS comments) are dropped, character references decoded. A cue whose text is then empty is left out.
 */
export function parseCues(document: string): SubtitleCue[] {
  const cues: SubtitleCue[] = []
  const lines = document.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  let cue: { start: number; end: number; lines: string[] } | null = null
  const close = () => {
    const text = cue?.lines.map(plainText).join('\n').trim()
    if (cue && text && cue.end >= cue.start) cues.push({ start: cue.start, end: cue.end, text })
    cue = null
  }
  let skipping = false
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!
    const blockStart = at === 0 || lines[at - 1]!.trim() === ''
    if (line.trim() === '') {
      // A blank line ends a cue's text, and a skipped block.
      close()
      skipping = false
      continue
    }
    if (blockStart && SKIPPED_BLOCKS.test(line)) skipping = true
    if (skipping) continue
    const timing = TIMING.exec(line)
    if (timing) {
      close()
      cue = { start: clockSeconds(timing[1]!), end: clockSeconds(timing[2]!), lines: [] }
    } else if (cue && !TIMING.test(lines[at + 1] ?? '')) {
      // A line right before a timing line is the next cue's identifier, not this one's text.
      cue.lines.push(line)
    }
  }
  close()
  return cues
}

/** "01:02:03.450", "02:03.450" or "02:03,450" as seconds. */
function clockSeconds(clock: string): number {
  const parts = clock.replace(',', '.').split(':').map(Number)
  return parts.reduce((total, part) => total * 60 + part, 0)
}

/** A cue line without its markup, character references decoded. */
function plainText(line: string): string {
  return line
    .replace(/<[^>]*>|\{[^}]*\}/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
      }
      return ENTITIES[name.toLowerCase()] ?? whole
    })
    .trim()
}
