import { describe, expect, it } from 'vitest'
import type { SubtitleTrack } from '../../shared/contract'
import { cueAt, cueClock, trackName, trackTitle } from '../../renderer/src/features/subtitles/subtitle-words'

const track = (patch: Partial<SubtitleTrack>): SubtitleTrack => ({
  id: 1,
  source: 'stream',
  streamIndex: 2,
  fileName: null,
  codec: 'subrip',
  language: null,
  title: null,
  cues: [],
  problem: null,
  ...patch,
})

describe('subtitle words', () => {
  it('names a track by language, then title, sidecar file or stream number', () => {
    expect(trackName(track({ language: 'ger', title: 'Deutsch' }))).toBe('ger · Deutsch')
    expect(trackName(track({ source: 'sidecar', streamIndex: null, fileName: 'clip.fr.srt', language: 'fr' }))).toBe(
      'fr · clip.fr.srt',
    )
    expect(trackName(track({}))).toBe('stream 2')
    expect(trackTitle(track({ cues: [{ start: 0, end: 1, text: 'a' }] }))).toBe(
      'stream 2\na stream of the file, subrip, 1 cue',
    )
  })

  it('writes cue times to the tenth', () => {
    expect(cueClock(0.5)).toBe('0:00.5')
    expect(cueClock(62.04)).toBe('1:02.0')
    expect(cueClock(3725.25)).toBe('1:02:05.3')
    expect(cueClock(59.96)).toBe('1:00.0')
  })

  it('finds the cue showing, the later of two that overlap, a seek a microsecond short included', () => {
    const cues = [
      { start: 1.021, end: 3, text: 'a' },
      { start: 2, end: 4, text: 'b' },
      { start: 5, end: 6, text: 'c' },
    ]
    expect(cueAt(cues, 1.020999)).toBe(0)
    expect(cueAt(cues, 2.5)).toBe(1)
    expect(cueAt(cues, 4.5)).toBe(-1)
    expect(cueAt(cues, 6)).toBe(-1)
  })
})
