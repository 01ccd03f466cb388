import { describe, expect, it } from 'vitest'
import {
  AUDIO_EXTENSIONS,
  IMAGE_EXTENSIONS,
  mediaTypeOf,
  unsupportedTypeReason,
  VIDEO_EXTENSIONS,
} from '../../main/media/media-types'

describe('mediaTypeOf', () => {
  it('knows every documented video, image and audio extension', () => {
    expect(VIDEO_EXTENSIONS).toEqual('mp4 m4v mov mkv webm avi wmv flv mpg mpeg ts mts m2ts 3gp ogv mxf'.split(' '))
    expect(IMAGE_EXTENSIONS).toEqual('png jpg jpeg webp gif bmp tif tiff avif heic'.split(' '))
    for (const extension of VIDEO_EXTENSIONS) expect(mediaTypeOf(`clip.${extension}`)).toBe('video')
    expect(AUDIO_EXTENSIONS).toEqual('mp3 wav flac m4a aac ogg oga opus aif aiff'.split(' '))
    for (const extension of IMAGE_EXTENSIONS) expect(mediaTypeOf(`still.${extension}`)).toBe('image')
    for (const extension of AUDIO_EXTENSIONS) expect(mediaTypeOf(`sound.${extension}`)).toBe('audio')
  })

  it.each([
    ['HOLIDAY.MP4', 'video'],
    ['Scan.JpEg', 'image'],
    ['/footage/day 1/take.2.MOV', 'video'],
    ['archive.tar.gif', 'image'],
    ['Voice Memo.M4A', 'audio'],
    ['theme.ogv', 'video'],
  ] as const)('reads %s as %s, ignoring case and folders', (name, type) => {
    expect(mediaTypeOf(name)).toBe(type)
  })

  it.each(['notes.txt', 'clip.mp4.part', 'README', '.mp4', 'trailing.', 'song.mid', 'photo.svg'])(
    'does not import %s',
    (name) => {
      expect(mediaTypeOf(name)).toBeUndefined()
    },
  )
})

describe('unsupportedTypeReason', () => {
  it('names the extension and what Framevault imports', () => {
    expect(unsupportedTypeReason('/home/me/Notes.TXT')).toBe(
      'Unsupported file type ".txt": Framevault imports videos (mp4, mov, mkv, webm, …), images (png, jpg, webp, gif, …) and audio (mp3, wav, flac, m4a, …).',
    )
  })

  it('names the file when it has no extension', () => {
    expect(unsupportedTypeReason('/home/me/README')).toBe(
      '"README" has no file extension: Framevault imports videos (mp4, mov, mkv, webm, …), images (png, jpg, webp, gif, …) and audio (mp3, wav, flac, m4a, …).',
    )
    expect(unsupportedTypeReason('.mp4')).toMatch(/^"\.mp4" has no file extension: /)
  })
})
