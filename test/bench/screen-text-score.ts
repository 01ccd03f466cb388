import { MatchStageConfig } from '../../shared/pipeline-stage-configs'
import { matchTerms, wordKey } from '../../main/pipelines/text/match-terms'
import type { FrameWord } from '../../main/pipelines/text/tesseract-tsv'
import type { LabelledClip, ShownLine } from './screen-text-corpus'

/** What a reader read on a clip's frames, by sequence (frame n shows n × interval seconds). */
export type Reading = Map<number, FrameWord[]>

/** Counts of a reading against its clip's labels (see scoreReading). */
export interface Score {
  shown: number
  found: number
  read: number
  right: number
  spans: number
  spansRight: number
  accented: number
  accentedRight: number
}

export function emptyScore(): Score {
  return { shown: 0, found: 0, read: 0, right: 0, spans: 0, spansRight: 0, accented: 0, accentedRight: 0 }
}

export function addScore(total: Score, score: Score): void {
  for (const key of Object.keys(total) as (keyof Score)[]) total[key] += score[key]
}

/** A word as the bench compares it: casefold, punctuation around it aside, marks aside ("Zürich" is "zurich"). */
function bareKey(text: string): string {
  return wordKey(text, 'casefold').normalize('NFD').replace(/\p{M}/gu, '').replaceAll('ß', 'ss')
}

function hasMarks(text: string): boolean {
  return text.normalize('NFD') !== text || text.includes('ß')
}

/**
 * How a reading compares with what the clip shows, frame by frame: the words whole on screen read (marks aside),
 * and the words read that were on screen at least in part (a word the stage marks cut at the frame's edge is not
 * a claim and not counted); of the words with marks whole on screen, those read with their marks; per shown word,
 * whether a detection of it spans its time to within one interval (and its label's looseness) at each end.
 */
export function scoreReading(clip: LabelledClip, reading: Reading, interval: number): Score {
  const result = emptyScore()
  const wordsAt = (time: number, slack: (line: ShownLine) => number) =>
    clip.lines
      .filter((line) => line.from - slack(line) <= time && time <= line.to + slack(line))
      .flatMap((line) => line.text.split(' '))
  for (const [sequence, words] of reading) {
    const time = sequence * interval
    const whole = wordsAt(time, () => 0)
    const inPart = new Set(wordsAt(time, (line) => line.loose).map(bareKey))
    const claims = words.filter((word) => !word.cut)
    const read = claims.map((word) => bareKey(word.text)).filter((key) => key !== '')
    const shown = new Set(whole.map(bareKey))
    result.shown += shown.size
    result.found += [...shown].filter((key) => read.includes(key)).length
    result.read += read.length
    result.right += read.filter((key) => inPart.has(key)).length
    const exact = new Set(claims.map((word) => wordKey(word.text, 'casefold')))
    for (const word of whole.filter(hasMarks)) {
      result.accented++
      if (exact.has(wordKey(word, 'casefold'))) result.accentedRight++
    }
  }
  const frames = [...reading].map(([sequence, words]) => ({ sequence, timestamp: sequence * interval, words }))
  for (const line of clip.lines) {
    for (const word of line.text.split(' ')) {
      result.spans++
      const detections = matchTerms(frames, MatchStageConfig.parse({ terms: [word] }), interval)
      const within = interval + line.loose
      const close = detections.some(
        (found) => Math.abs(found.first_seen - line.from) <= within && Math.abs(found.last_seen - line.to) <= within,
      )
      if (close) result.spansRight++
    }
  }
  return result
}

export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole
}
