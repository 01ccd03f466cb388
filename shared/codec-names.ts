/** Codec and container names as people say them ("H.264", "JPEG"), from ffprobe's raw names ("h264", "mjpeg"). */

const CODECS: Record<string, string> = {
  h264: 'H.264',
  hevc: 'HEVC (H.265)',
  vvc: 'VVC (H.266)',
  av1: 'AV1',
  vp8: 'VP8',
  vp9: 'VP9',
  prores: 'ProRes',
  dnxhd: 'DNxHD',
  cfhd: 'CineForm',
  mpeg4: 'MPEG-4 Part 2',
  mpeg2video: 'MPEG-2',
  mpeg1video: 'MPEG-1',
  h263: 'H.263',
  theora: 'Theora',
  vc1: 'VC-1',
  wmv1: 'WMV7',
  wmv2: 'WMV8',
  wmv3: 'WMV9',
  msmpeg4v3: 'DivX 3',
  ffv1: 'FFV1',
  huffyuv: 'HuffYUV',
  hap: 'HAP',
  rawvideo: 'Uncompressed',
  v210: 'Uncompressed 10-bit',
  flv1: 'Sorenson Spark',
  png: 'PNG',
  apng: 'APNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  tiff: 'TIFF',
  jpeg2000: 'JPEG 2000',
  jpegxl: 'JPEG XL',
  exr: 'OpenEXR',
  dpx: 'DPX',
  targa: 'TGA',
  aac: 'AAC',
  mp3: 'MP3',
  mp2: 'MP2',
  opus: 'Opus',
  vorbis: 'Vorbis',
  flac: 'FLAC',
  alac: 'ALAC',
  ac3: 'Dolby Digital (AC-3)',
  eac3: 'Dolby Digital Plus (E-AC-3)',
  truehd: 'Dolby TrueHD',
  dts: 'DTS',
  amr_nb: 'AMR-NB',
  amr_wb: 'AMR-WB',
  wmav1: 'WMA',
  wmav2: 'WMA',
  wmapro: 'WMA Pro',
  pcm_alaw: 'PCM A-law',
  pcm_mulaw: 'PCM µ-law',
}

// ffprobe's ProRes profile names, as Apple names the flavours.
const PRORES_PROFILES: Record<string, string> = {
  Proxy: 'ProRes 422 Proxy',
  LT: 'ProRes 422 LT',
  Standard: 'ProRes 422',
  HQ: 'ProRes 422 HQ',
  '4444': 'ProRes 4444',
  '4444XQ': 'ProRes 4444 XQ',
  '4444 XQ': 'ProRes 4444 XQ',
}

/**
 * A codec's common name: "H.264" for h264, "JPEG" for a still mjpeg picture ("Motion JPEG" in
 * a video), "ProRes 422 HQ" when the profile says which ProRes; unknown codecs keep their raw name.
 */
export function codecDisplayName(
  codec: string | null | undefined,
  options: { mediaType?: 'video' | 'image' | 'audio'; profile?: string | null } = {},
): string | null {
  if (!codec) return null
  if (codec === 'mjpeg') return options.mediaType === 'video' ? 'Motion JPEG' : 'JPEG'
  if (codec === 'prores' && options.profile) return PRORES_PROFILES[options.profile] ?? 'ProRes'
  if (codec === 'dnxhd' && options.profile?.startsWith('DNXHR')) return 'DNxHR'
  const pcm = /^pcm_([suf])(\d+)(le|be)?(_planar)?$/.exec(codec)
  if (pcm) return `PCM ${pcm[2]}-bit${pcm[1] === 'f' ? ' float' : ''}`
  return CODECS[codec] ?? codec
}

const CONTAINERS: Record<string, string> = {
  avif: 'AVIF',
  heif: 'HEIF',
  avi: 'AVI',
  mpegts: 'MPEG-TS',
  mpeg: 'MPEG-PS',
  flv: 'FLV',
  asf: 'ASF (WMV)',
  ogg: 'Ogg',
  mxf: 'MXF',
  gif: 'GIF',
  webp_pipe: 'WebP',
  png_pipe: 'PNG',
  apng: 'APNG',
  jpeg_pipe: 'JPEG',
  bmp_pipe: 'BMP',
  tiff_pipe: 'TIFF',
  webp: 'WebP',
  mp3: 'MP3',
  wav: 'WAV',
  flac: 'FLAC',
  aiff: 'AIFF',
  aac: 'AAC (ADTS)',
}

// An ISO BMFF file's major brand says which member of the family it is.
const BRANDS: Record<string, string> = {
  qt: 'QuickTime (MOV)',
  M4V: 'MP4 (M4V)',
  M4A: 'MP4 audio (M4A)',
  '3gp': '3GP',
  '3g2': '3GP2',
}

// Major brands of still images (and image sequences) in the ISO family: to a person their own formats, not MP4s.
const IMAGE_BRANDS: Record<string, 'avif' | 'heif'> = {
  avif: 'avif',
  avis: 'avif',
  heic: 'heif',
  heix: 'heif',
  heim: 'heif',
  heis: 'heif',
  hevc: 'heif',
}
// The generic HEIF brands: the picture's codec says which.
const GENERIC_IMAGE_BRANDS = new Set(['mif1', 'msf1'])

/**
 * The container family a file is filed under (the Container facet): ffprobe's format_name, except AVIF and HEIF
 * files, which its ISO demuxer reads as "mov,mp4,…" and their brand (or an AV1 or HEVC picture) tells apart.
 */
export function containerFamily(
  formatName: string | null | undefined,
  hints: { majorBrand?: string | null; codec?: string | null } = {},
): string | null {
  if (!formatName?.startsWith('mov,mp4')) return formatName ?? null
  const brand = (hints.majorBrand ?? '').trim()
  if (IMAGE_BRANDS[brand]) return IMAGE_BRANDS[brand]
  if (GENERIC_IMAGE_BRANDS.has(brand)) return hints.codec === 'av1' ? 'avif' : 'heif'
  return formatName
}

/**
 * A container's common name from ffprobe's format_name ("mov,mp4,m4a,3gp,3g2,mj2" names a
 * family): the ISO file's major brand picks MOV or MP4, the extension tells WebM from Matroska.
 */
export function containerDisplayName(
  formatName: string | null | undefined,
  hints: { majorBrand?: string | null; extension?: string | null; codec?: string | null } = {},
): string | null {
  if (!formatName) return null
  if (formatName.startsWith('mov,mp4')) {
    const brand = (hints.majorBrand ?? '').trim()
    const image = containerFamily(formatName, hints)
    if (image !== formatName) return CONTAINERS[image!]!
    return BRANDS[brand] ?? BRANDS[brand.slice(0, 3)] ?? 'MP4'
  }
  if (formatName === 'matroska,webm') return hints.extension?.toLowerCase() === 'webm' ? 'WebM' : 'Matroska (MKV)'
  if (formatName === 'image2') return null
  return CONTAINERS[formatName] ?? formatName
}
