import { describe, expect, it } from 'vitest'
import type { SearchTexts } from '../../main/db/repos/media-match'
import { reasonMatcher } from '../../main/services/assets/search-match'

interface Fields {
  name?: string
  path?: string
  tags?: string
  notes?: string
  prompt?: string
  comment?: string
}

/** Searched texts by field name (SEARCH_FIELDS order: name, path, tags, notes, prompt, screen, subtitles, comment). */
function texts(fields: Fields): SearchTexts {
  const { name = '', path = '', tags = '', notes = '', prompt = '', comment = '' } = fields
  return { texts: [name, path, tags, notes, prompt, '', '', comment], screenTimes: {}, subtitleCues: () => [] }
}

describe('why a search hit matched, word by word', () => {
  it('marks each word of an ASCII name that starts with a searched word, case aside', () => {
    expect(reasonMatcher(['sun']).inField('name', 'Sunset sunrise SUNDAY subsun.mp4')).toEqual({
      field: 'name',
      parts: [
        { text: 'Sunset', hit: true },
        { text: ' ', hit: false },
        { text: 'sunrise', hit: true },
        { text: ' ', hit: false },
        { text: 'SUNDAY', hit: true },
        { text: ' subsun.mp4', hit: false },
      ],
    })
  })

  it('finds no hit inside a word, and cuts words where the tokenizer does (letters and digits)', () => {
    expect(reasonMatcher(['sun']).inField('name', 'subsun_x.mp4')).toBeNull()
    expect(reasonMatcher(['x2']).inField('name', 'clip_x20-final')?.parts).toEqual([
      { text: 'clip_', hit: false },
      { text: 'x20', hit: true },
      { text: '-final', hit: false },
    ])
  })

  it('folds accents on either side: "zür" finds Zurich and Zürich, "cafe" finds Café', () => {
    const zur = reasonMatcher(['zür'])
    expect(zur.inField('name', 'Zurich 2.mp4')?.parts[0]).toEqual({ text: 'Zurich', hit: true })
    expect(zur.inField('name', 'old Zürich.mp4')?.parts).toEqual([
      { text: 'old ', hit: false },
      { text: 'Zürich', hit: true },
      { text: '.mp4', hit: false },
    ])
    expect(reasonMatcher(['CAFE']).inField('name', 'Café noir')?.parts[0]).toEqual({ text: 'Café', hit: true })
  })

  it('a searched word that keeps a letter beyond ASCII finds no ASCII word', () => {
    expect(reasonMatcher(['straß']).inField('name', 'strasse STRASSE.mp4')).toBeNull()
    expect(reasonMatcher(['straß']).inField('name', 'Straße.mp4')?.parts[0]).toEqual({ text: 'Straße', hit: true })
  })

  it('tells the first field in the order a person reads, with a passage cut around the hit', () => {
    const matcher = reasonMatcher(['lant'])
    const prompt = 'a paper lantern drifting over a dark lake, cinematic, slow pan, volumetric light, film grain'
    expect(matcher.reason(texts({ path: '/shoot/lanterns/a.mp4', prompt }))).toEqual({
      field: 'prompt',
      parts: [
        { text: 'a paper ', hit: false },
        { text: 'lantern', hit: true },
        { text: ' drifting over a dark lake, cinematic, slow pan', hit: false },
        { text: '…', hit: false },
      ],
    })
    expect(matcher.reason(texts({ path: '/shoot/lanterns/a.mp4', tags: 'night\nLantern-festival' }))?.field).toBe(
      'tags',
    )
    expect(matcher.reason(texts({ path: '/shoot/Lanterns/a.mp4' }))?.field).toBe('path')
    expect(matcher.reason(texts({ name: 'a.mp4', path: '/shoot/a.mp4' }))).toBeNull()
  })

  it('tells a comment after what the asset holds itself, and before its notes and path', () => {
    const matcher = reasonMatcher(['lant'])
    const comment = 'the lantern flickers at 0:03\nagreed'
    expect(matcher.reason(texts({ notes: 'lantern too dim', path: '/lanterns/a.mp4', comment }))).toEqual({
      field: 'comment',
      parts: [
        { text: 'the ', hit: false },
        { text: 'lantern', hit: true },
        { text: ' flickers at 0:03\nagreed', hit: false },
      ],
    })
    expect(matcher.reason(texts({ prompt: 'a lantern', comment }))?.field).toBe('prompt')
  })

  it('never tells the notes to who may not read them: the next field that holds the word, or none', () => {
    const blind = reasonMatcher(['lant'], false)
    expect(reasonMatcher(['lant']).reason(texts({ notes: 'lantern too dim', path: '/lanterns/a.mp4' }))?.field).toBe(
      'notes',
    )
    expect(blind.reason(texts({ notes: 'lantern too dim', path: '/lanterns/a.mp4' }))?.field).toBe('path')
    expect(blind.reason(texts({ notes: 'lantern too dim' }))).toBeNull()
    expect(blind.inField('notes', 'lantern too dim')).toBeNull()
  })
})
