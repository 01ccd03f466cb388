import { describe, expect, it } from 'vitest'
import { describePixelFormat } from '../../main/media/pixel-format'

describe('describePixelFormat', () => {
  it.each([
    ['yuv420p', 8, '4:2:0', 'YUV', false],
    ['yuv422p10le', 10, '4:2:2', 'YUV', false],
    ['yuv444p12be', 12, '4:4:4', 'YUV', false],
    ['yuvj420p', 8, '4:2:0', 'YUV', false],
    ['yuva444p10le', 10, '4:4:4', 'YUV', true],
    ['yuv411p', 8, '4:1:1', 'YUV', false],
    ['nv12', 8, '4:2:0', 'YUV', false],
    ['p010le', 10, '4:2:0', 'YUV', false],
    ['p210le', 10, '4:2:2', 'YUV', false],
    ['p416le', 16, '4:4:4', 'YUV', false],
    ['uyvy422', 8, '4:2:2', 'YUV', false],
    ['y210le', 10, '4:2:2', 'YUV', false],
    ['rgb24', 8, null, 'RGB', false],
    ['bgra', 8, null, 'RGB', true],
    ['rgba64be', 16, null, 'RGB', true],
    ['rgb48le', 16, null, 'RGB', false],
    ['bgr0', 8, null, 'RGB', false],
    ['gbrp10le', 10, null, 'RGB', false],
    ['gbrap12le', 12, null, 'RGB', true],
    ['x2rgb10le', 10, null, 'RGB', false],
    ['gray', 8, '4:0:0', 'gray', false],
    ['gray16be', 16, '4:0:0', 'gray', false],
    ['ya8', 8, '4:0:0', 'gray', true],
    ['pal8', 8, null, 'palette', false],
    ['monob', 1, '4:0:0', 'gray', false],
  ] as const)('reads %s as %i-bit %s %s (alpha: %s)', (pixFmt, bitDepth, chromaSubsampling, colorModel, alpha) => {
    expect(describePixelFormat(pixFmt)).toEqual({ bitDepth, chromaSubsampling, colorModel, alpha })
  })

  it('takes the depth from bits_per_raw_sample where the name gives none', () => {
    expect(describePixelFormat('rgb565le', '5')).toMatchObject({ bitDepth: 5, colorModel: 'RGB' })
    expect(describePixelFormat('yuv420p', '10')).toMatchObject({ bitDepth: 8 })
    expect(describePixelFormat(undefined, '10')).toEqual({
      bitDepth: 10,
      chromaSubsampling: null,
      colorModel: null,
      alpha: false,
    })
  })

  it('knows nothing of unknown or missing formats', () => {
    for (const name of ['unknown', '', undefined, 'bayer_rggb8']) {
      expect(describePixelFormat(name)).toEqual({
        bitDepth: null,
        chromaSubsampling: null,
        colorModel: null,
        alpha: false,
      })
    }
  })
})
