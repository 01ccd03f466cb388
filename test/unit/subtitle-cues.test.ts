import { describe, expect, it } from 'vitest'
import { parseCues } from '../../main/media/subtitle-cues'

describe('parseCues', () => {
  it('reads cues with and without hours, identifiers and settings, skipping NOTE, STYLE and REGION blocks', () => {
    const document = [
      '\uFEFFWEBVTT - a header',
      'Kind: captions',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'NOTE a note',
      'that runs on --> past an arrow',
      '',
      'REGION',
      'id:fred width:40%',
      '',
      'intro',
      '00:00:01.000 --> 00:00:02.500 align:start position:10%',
      'First line',
      'second line',
      '',
      '01:02.250 --> 01:03.000',
      'Minutes only',
      '',
      '1:00:00.125 --> 1:00:01.000',
      'An hour in',
    ].join('\r\n')
    expect(parseCues(document)).toEqual([
      { start: 1, end: 2.5, text: 'First line\nsecond line' },
      { start: 62.25, end: 63, text: 'Minutes only' },
      { start: 3600.125, end: 3601, text: 'An hour in' },
    ])
  })

  it('drops markup and decodes character references', () => {
    const document =
      'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Roger Bingham>We <i>are</i> in <c.yellow>New&nbsp;York</c> &amp; &lt;3 &#233;&#x74;&eacute;\n'
    expect(parseCues(document)).toEqual([{ start: 1, end: 2, text: 'We are in New York & <3 ét&eacute;' }])
  })

  it('leaves out cues with no text once the markup is gone, and ends before starts', () => {
    const document =
      'WEBVTT\n\n00:01.000 --> 00:02.000\n<i></i>\n\n00:05.000 --> 00:04.000\nbackwards\n\n00:06.000 --> 00:07.000\nkept'
    expect(parseCues(document)).toEqual([{ start: 6, end: 7, text: 'kept' }])
  })

  it('reads SubRip: numbered cues, commas in the times, ASS tags, and cues with no blank line between them', () => {
    const document = [
      '1',
      '00:00:01,000 --> 00:00:02,000',
      '{\\an8}<font color="#ff0000">Top</font> line',
      '2',
      '00:00:03,500 --> 00:00:04,000 X1:000 X2:000 Y1:050 Y2:100',
      'Next',
      '',
      '',
      '3',
      '00:00:05,000 --> 00:00:06,000',
      '17',
      '',
    ].join('\r\n')
    expect(parseCues(document)).toEqual([
      { start: 1, end: 2, text: 'Top line' },
      { start: 3.5, end: 4, text: 'Next' },
      // A number alone is text when no timing line follows it.
      { start: 5, end: 6, text: '17' },
    ])
  })

  it('reads nothing from text that is not WebVTT', () => {
    expect(parseCues('')).toEqual([])
    expect(parseCues('hello\nworld --> there\n')).toEqual([])
  })
})
