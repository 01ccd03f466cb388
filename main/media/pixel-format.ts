/** What a pixel format says about a picture: bits per component, chroma subsampling, colour model, alpha. */
export type PixelFormatFacts = {
  bitDepth: number | null
  /** "4:2:0", "4:2:2", "4:4:4", "4:1:1", "4:1:0", "4:4:0"; "4:0:0" for grey; null for RGB and palette pictures. */
  chromaSubsampling: string | null
  colorModel: 'YUV' | 'RGB' | 'gray' | 'palette' | null
  alpha: boolean
}

const UNKNOWN: PixelFormatFacts = { bitDepth: null, chromaSubsampling: null, colorModel: null, alpha: false }

// Semi-planar and packed YUV layouts whose names do not spell the subsampling out.
const PACKED_YUV: Record<string, [string, number]> = {
  nv12: ['4:2:0', 8],
  nv21: ['4:2:0', 8],
  nv16: ['4:2:2', 8],
  nv24: ['4:4:4', 8],
  nv42: ['4:4:4', 8],
  uyvy422: ['4:2:2', 8],
  yuyv422: ['4:2:2', 8],
  yvyu422: ['4:2:2', 8],
  uyyvyy411: ['4:1:1', 8],
  v210: ['4:2:2', 10],
  y210: ['4:2:2', 10],
  y212: ['4:2:2', 12],
  ayuv64: ['4:4:4', 16],
  vuya: ['4:4:4', 8],
  xv30: ['4:4:4', 10],
  xv36: ['4:4:4', 12],
}

/**
 * Reads ffmpeg's pixel format name (`yuv422p10le`, `p010le`, `rgba`, `gray16be` ...);
 * `bitsPerRawSample` (ffprobe's `bits_per_raw_sample`) fills a depth the name does not give.
 */
export function describePixelFormat(pixFmt: string | null | undefined, bitsPerRawSample?: string): PixelFormatFacts {
  const raw = Number(bitsPerRawSample)
  const rawDepth = Number.isInteger(raw) && raw > 0 ? raw : null
  const facts = fromName((pixFmt ?? '').toLowerCase().replace(/(le|be)$/, ''))
  return { ...facts, bitDepth: facts.bitDepth ?? rawDepth }
}

function fromName(name: string): PixelFormatFacts {
  if (!name || name === 'unknown') return UNKNOWN
  const planar = /^yuv(a?)j?(420|422|444|411|410|440)p(\d+)?$/.exec(name)
  if (planar) {
    const [, alpha, ratio, depth] = planar
    return yuv(`${ratio[0]}:${ratio[1]}:${ratio[2]}`, depth ? Number(depth) : 8, alpha === 'a')
  }
  // p010 (4:2:0), p210 (4:2:2), p410 (4:4:4): the first digit picks the subsampling, the rest the depth.
  const semiPlanar = /^p([024])(\d\d)$/.exec(name)
  if (semiPlanar) return yuv(['4:2:0', '4:2:2', '4:4:4'][Number(semiPlanar[1]) / 2], Number(semiPlanar[2]), false)
  const packed = PACKED_YUV[name]
  if (packed) return yuv(packed[0], packed[1], name.includes('a'))
  const gray = /^(gray|ya)(\d+)?f?(32)?$/.exec(name)
  if (gray)
    return {
      bitDepth: Number(gray[2] ?? gray[3] ?? 8),
      chromaSubsampling: '4:0:0',
      colorModel: 'gray',
      alpha: gray[1] === 'ya',
    }
  if (name === 'pal8') return { bitDepth: 8, chromaSubsampling: null, colorModel: 'palette', alpha: false }
  if (name.startsWith('monow') || name.startsWith('monob')) {
    return { bitDepth: 1, chromaSubsampling: '4:0:0', colorModel: 'gray', alpha: false }
  }
  const rgb = rgbDepth(name)
  return rgb ? { bitDepth: rgb.depth, chromaSubsampling: null, colorModel: 'RGB', alpha: rgb.alpha } : UNKNOWN
}

function yuv(chromaSubsampling: string, bitDepth: number, alpha: boolean): PixelFormatFacts {
  return { bitDepth, chromaSubsampling, colorModel: 'YUV', alpha }
}

/** Depth and alpha of the RGB family: gbrp10, gbrap, rgb24, rgba64, bgr0, x2rgb10, rgbf32 ... */
function rgbDepth(name: string): { depth: number | null; alpha: boolean } | null {
  const planar = /^gbr(a?)p(\d+)?f?(32|16)?$/.exec(name)
  if (planar) return { depth: Number(planar[2] ?? planar[3] ?? 8), alpha: planar[1] === 'a' }
  if (/^x2(rgb|bgr)10$/.test(name)) return { depth: 10, alpha: false }
  if (!/^[0x]?(rgb|bgr|argb|abgr|rgba|bgra)[0x]?\d*f?\d*$/.test(name)) return null
  const alpha = /a/.test(name.replace(/^0|0$/g, ''))
  if (/(48|64)$/.test(name)) return { depth: 16, alpha }
  if (/(24|32)$/.test(name) || /^[0x]?(rgb|bgr|argb|abgr|rgba|bgra)[0x]?$/.test(name)) {
    return { depth: name.endsWith('f32') ? 32 : 8, alpha }
  }
  // 565/555/444/8/4 bit packings have unequal or tiny components: no single depth to state.
  return { depth: null, alpha }
}
