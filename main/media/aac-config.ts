import { unsure } from './iso-boxes'

// ISO/IEC 14496-3 sampling frequency index.
const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]
// ffmpeg's AAC decoder's layouts by channel configuration; 3-5 and 7 are left to ffprobe.
const LAYOUTS = ['', 'mono', 'stereo', '', '', '', '5.1']
const AAC_LC = 2

/** What ffprobe reports of a plain AAC-LC stream from its AudioSpecificConfig. */
export type AacFacts = { rate: number; channels: number; layout: string }

/**
 * A plain two-byte AAC-LC AudioSpecificConfig (MP4's esds, Matroska's CodecPrivate), mono, stereo
 * or 5.1, at 32 kHz or more (below, ffmpeg may find SBR); unsure on anything else.
 */
export function readAacConfig(config: Buffer): AacFacts {
  if (config.length !== 2 && config.length !== 5) unsure('an AudioSpecificConfig with extensions')
  const bits = config.readUInt16BE(0)
  // ffmpeg's encoder appends an explicit "no SBR" (sync extension 0x2b7, SBR object type 5, flag 0): still plain LC.
  if (config.length === 5 && config.readUIntBE(2, 3) >>> 7 !== (0x2b7 << 6) + (5 << 1)) unsure('an SBR or PS extension')
  const objectType = bits >> 11
  const rate = AAC_RATES[(bits >> 7) & 0xf]
  const channels = (bits >> 3) & 0xf
  if (objectType !== AAC_LC || (bits & 7) !== 0) unsure(`AAC object type ${objectType} or an unusual GA config`)
  const layout = LAYOUTS[channels]
  if (!rate || rate < 32000 || !layout) unsure('an AAC rate or channel layout left to ffprobe')
  return { rate, channels, layout }
}
