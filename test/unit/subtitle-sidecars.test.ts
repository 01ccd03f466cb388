import { describe, expect, it } from 'vitest'
import { isSubtitleFile, pairedSubtitles, subtitleSidecarOf } from '../../main/media/subtitle-sidecars'

describe('subtitleSidecarOf: subtitle files paired with a video by name, as players pair them', () => {
  it('pairs the stem alone or with a language and flags, and gives the language', () => {
    expect(subtitleSidecarOf('clip.mp4', 'clip.srt')).toEqual({ language: null })
    expect(subtitleSidecarOf('clip.mp4', 'clip.en.vtt')).toEqual({ language: 'en' })
    expect(subtitleSidecarOf('clip.mkv', 'clip.pt-BR.forced.ASS')).toEqual({ language: 'pt-BR' })
    expect(subtitleSidecarOf('clip.mkv', 'clip.sdh.srt')).toEqual({ language: null })
    expect(subtitleSidecarOf('my.film.mkv', 'my.film.eng.ssa')).toEqual({ language: 'eng' })
  })

  it('refuses other stems, other extensions and words that are no language', () => {
    expect(subtitleSidecarOf('clip.mp4', 'clip.part2.srt')).toBeNull()
    expect(subtitleSidecarOf('clip.mp4', 'clipper.srt')).toBeNull()
    expect(subtitleSidecarOf('clip.mp4', 'Clip.srt')).toBeNull()
    expect(subtitleSidecarOf('clip.mp4', 'clip.txt')).toBeNull()
    expect(subtitleSidecarOf('clip.mp4', 'clip.en.png')).toBeNull()
    expect(isSubtitleFile('a.VTT')).toBe(true)
    expect(isSubtitleFile('a.sub')).toBe(false)
  })

  it('pairs subtitle files with a video in the same folder only', () => {
    const files = [
      { name: 'a.mp4', folder: '/x' },
      { name: 'a.en.srt', folder: '/x' },
      { name: 'a.fr.srt', folder: '/y' },
      { name: 'b.srt', folder: '/x' },
      { name: 'a.png', folder: '/x' },
    ]
    expect([...pairedSubtitles(files, (file) => file)].map((file) => `${file.folder}/${file.name}`)).toEqual([
      '/x/a.en.srt',
    ])
  })
})
