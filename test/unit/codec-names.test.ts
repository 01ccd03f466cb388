import { describe, expect, it } from 'vitest'
import { codecDisplayName, containerDisplayName, containerFamily } from '../../shared/codec-names'

describe('codecDisplayName', () => {
  it.each([
    ['h264', 'H.264'],
    ['hevc', 'HEVC (H.265)'],
    ['vp9', 'VP9'],
    ['av1', 'AV1'],
    ['prores', 'ProRes'],
    ['aac', 'AAC'],
    ['opus', 'Opus'],
    ['pcm_s16le', 'PCM 16-bit'],
    ['pcm_s24be', 'PCM 24-bit'],
    ['pcm_f32le', 'PCM 32-bit float'],
    ['pcm_u8', 'PCM 8-bit'],
    ['png', 'PNG'],
    ['webp', 'WebP'],
    ['some_new_codec', 'some_new_codec'],
  ])('names %s "%s"', (raw, name) => {
    expect(codecDisplayName(raw)).toBe(name)
  })

  it('names mjpeg by what it is: a JPEG picture, or Motion JPEG in a video', () => {
    expect(codecDisplayName('mjpeg', { mediaType: 'image' })).toBe('JPEG')
    expect(codecDisplayName('mjpeg')).toBe('JPEG')
    expect(codecDisplayName('mjpeg', { mediaType: 'video' })).toBe('Motion JPEG')
  })

  it.each([
    ['Proxy', 'ProRes 422 Proxy'],
    ['LT', 'ProRes 422 LT'],
    ['Standard', 'ProRes 422'],
    ['HQ', 'ProRes 422 HQ'],
    ['4444', 'ProRes 4444'],
    ['4444XQ', 'ProRes 4444 XQ'],
    ['Unheard', 'ProRes'],
  ])('names ProRes with profile %s "%s"', (profile, name) => {
    expect(codecDisplayName('prores', { mediaType: 'video', profile })).toBe(name)
  })

  it('tells DNxHR from DNxHD by the profile, and has nothing for no codec', () => {
    expect(codecDisplayName('dnxhd', { profile: 'DNXHR HQ' })).toBe('DNxHR')
    expect(codecDisplayName('dnxhd', { profile: 'DNXHD' })).toBe('DNxHD')
    expect(codecDisplayName(null)).toBeNull()
    expect(codecDisplayName('')).toBeNull()
  })
})

describe('containerDisplayName', () => {
  const iso = 'mov,mp4,m4a,3gp,3g2,mj2'

  it.each([
    ['qt  ', 'QuickTime (MOV)'],
    ['isom', 'MP4'],
    ['mp42', 'MP4'],
    ['M4V ', 'MP4 (M4V)'],
    ['3gp4', '3GP'],
    [null, 'MP4'],
  ])('names the ISO family by its major brand %s: "%s"', (majorBrand, name) => {
    expect(containerDisplayName(iso, { majorBrand })).toBe(name)
  })

  it.each([
    ['avif', null, 'avif', 'AVIF'],
    ['avis', 'av1', 'avif', 'AVIF'],
    ['heic', 'hevc', 'heif', 'HEIF'],
    ['mif1', 'av1', 'avif', 'AVIF'],
    ['mif1', 'hevc', 'heif', 'HEIF'],
    ['isom', 'av1', iso, 'MP4'],
  ])('files an ISO file of brand %s and picture %s under %s ("%s")', (majorBrand, codec, family, name) => {
    expect(containerFamily(iso, { majorBrand, codec })).toBe(family)
    expect(containerDisplayName(iso, { majorBrand, codec })).toBe(name)
  })

  it('names the other containers and leaves image2 to the codec', () => {
    expect(containerDisplayName('matroska,webm', { extension: 'WEBM' })).toBe('WebM')
    expect(containerDisplayName('matroska,webm', { extension: 'mkv' })).toBe('Matroska (MKV)')
    expect(containerDisplayName('mpegts')).toBe('MPEG-TS')
    expect(containerDisplayName('webp_pipe')).toBe('WebP')
    expect(containerDisplayName('image2')).toBeNull()
    expect(containerDisplayName('brand_new_muxer')).toBe('brand_new_muxer')
    expect(containerDisplayName(undefined)).toBeNull()
  })
})
