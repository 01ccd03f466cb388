import { describe, expect, it } from 'vitest'
import { IMAGE_EXTENSIONS, mediaTypeOf, unsupportedTypeReason, VIDEO_EXTENSIONS } from '../../main/media/media-types'

describe('mediaTypeOf', () => {
  it('knows every documented video and image extension', () => {
    expect(VIDEO_EXTENSIONS).toEqual('mp4 m4v mov mkv webm avi wmv flv mpg mpeg ts mts m2ts 3gp ogv mxf'.split(' '))
    expect(IMAGE_EXTENSIONS).toEqual('png jpg jpeg webp gif bmp tif tiff avif heic'.split(' '))
    for (const extension of VIDEO_EXTENSIONS) expect(mediaTypeOf(`clip.${extension}`)).toBe('video')
    for (const extension of IMAGE_EXTENSIONS) expect(mediaTypeOf(`still.${extension}`)).toBe('image')
  })

  it.each([
    ['HOLIDAY.MP4', 'video'],
    ['Scan.JpEg', 'image'],
    ['/footage/day 1/take.2.MOV', 'video'],
    ['archive.tar.gif', 'image'],
  ] as const)('reads %s as %s, ignoring case and folders', (name, type) => {
    expect(mediaTypeOf(name)).toBe(type)
  })

  it.each(['notes.txt', 'clip.mp4.part', 'README', '.mp4', 'trailing.', 'movie.mp3', 'photo.svg'])(
    'does not import %s',
    (name) => {
      expect(mediaTypeOf(name)).toBeUndefined()
    },
  )
})

describe('unsupportedTypeReason', () => {
  it('names the extension and what Framevault imports', () => {
    expect(unsupportedTypeReason('/home/me/Notes.TXT')).toBe(
      'Unsupported file type ".txt": Framevault imports videos (mp4, mov, mkv, webm, …) and images (png, jpg, webp, gif, …).',
    )
  })

  it('names the file when it has no extension', () => {
    expect(unsupportedTypeReason('/home/me/README')).toBe(
      '"README" has no file extension: Framevault imports videos (mp4, mov, mkv, webm, …) and images (png, jpg, webp, gif, …).',
    )
    expect(unsupportedTypeReason('.mp4')).toMatch(/^"\.mp4" has no file extension: /)
  })
})
