import { unsure } from './iso-boxes'

/** What ffprobe reports of an H.264 stream that its sequence parameter set alone decides. */
export type H264Facts = {
  profile: string
  width: number
  height: number
  pixFmt: string
  bitDepth: number
}

// ffmpeg's names (libavcodec/profiles.c); the constrained/intra variants come from the constraint flags.
const PROFILES = new Map<number, string>([
  [66, 'Baseline'],
  [77, 'Main'],
  [88, 'Extended'],
  [100, 'High'],
  [110, 'High 10'],
  [122, 'High 4:2:2'],
  [244, 'High 4:4:4 Predictive'],
])
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135])
const CHROMA = new Map([
  [1, 'yuv420p'],
  [2, 'yuv422p'],
  [3, 'yuv444p'],
])

/**
 * Reads an `avcC` payload's one SPS: profile, cropped size and pixel format. Unsure on anything
 * that could make ffprobe say more (a video signal type or colour description, scaling lists,
 * interlacing, several parameter sets, an unusual bit depth).
 */
export function readAvcConfig(avcC: Buffer): H264Facts {
  if (avcC.length < 8 || avcC[0] !== 1) unsure('not an avcC version 1')
  if ((avcC[5]! & 0x1f) !== 1) unsure('not exactly one SPS')
  const spsLength = avcC.readUInt16BE(6)
  if (8 + spsLength > avcC.length) unsure('the SPS is cut off')
  const { spsId, ...facts } = readSps(unescape(avcC.subarray(8, 8 + spsLength)))
  // ffmpeg decodes nothing when a PPS is missing, runs past the record or does not parse ("Error decoding the extradata").
  let at = 8 + spsLength
  const ppsCount = avcC[at++] ?? unsure('no PPS count')
  if (ppsCount === 0) unsure('no PPS')
  for (let i = 0; i < ppsCount; i++) {
    if (at + 2 > avcC.length) unsure('a PPS is cut off')
    const end = at + 2 + avcC.readUInt16BE(at)
    if (end > avcC.length) unsure('a PPS is cut off')
    requirePlainPps(unescape(avcC.subarray(at + 2, end)), spsId, facts.bitDepth)
    at = end
  }
  // Only the High profiles' record goes on after the PPS (chroma format, bit depths: at least 4 bytes).
  const rest = avcC.length - at
  if (rest !== 0 && !(HIGH_PROFILES.has(avcC[1]!) && rest >= 4)) unsure('bytes after the parameter sets')
  return facts
}

/**
 * The start of a PPS, as far as ffmpeg range-checks it: of this SPS, without slice groups, its
 * reference counts, weighted prediction and quantiser offsets in range. The rest is left unread.
 */
function requirePlainPps(pps: Buffer, spsId: number, bitDepth: number): void {
  const bits = new BitReader(pps)
  if ((bits.u(8) & 0x9f) !== 8) unsure('not a PPS NAL unit')
  if (bits.ue() > 255 || bits.ue() !== spsId) unsure('a PPS of another SPS')
  bits.u(2) // entropy_coding_mode_flag, bottom_field_pic_order_in_frame_present_flag
  if (bits.ue() !== 0) unsure('slice groups')
  if (bits.ue() > 31 || bits.ue() > 31) unsure('too many reference pictures')
  bits.u(1) // weighted_pred_flag
  if (bits.u(2) === 3) unsure('a reserved weighted prediction')
  const qpRange = 26 + 6 * (bitDepth - 8)
  for (let i = 0; i < 2; i++) {
    const offset = bits.se()
    if (offset < -qpRange || offset > 25) unsure('a quantiser out of range')
  }
  const chromaOffset = bits.se()
  if (chromaOffset < -12 || chromaOffset > 12) unsure('a chroma quantiser offset out of range')
}

function readSps(sps: Buffer): H264Facts & { spsId: number } {
  const bits = new BitReader(sps)
  if ((bits.u(8) & 0x9f) !== 7) unsure('not an SPS NAL unit')
  const profileIdc = bits.u(8)
  const constraints = bits.u(8)
  bits.u(8) // level
  const spsId = bits.ue()
  if (spsId > 31) unsure('an SPS id out of range')
  let chroma = 1
  let bitDepth = 8
  if (HIGH_PROFILES.has(profileIdc)) {
    chroma = bits.ue()
    if (chroma === 3 && bits.u(1)) unsure('separate colour planes')
    bitDepth = bits.ue() + 8
    if (bits.ue() + 8 !== bitDepth) unsure('luma and chroma bit depths differ')
    bits.u(1) // qpprime_y_zero_transform_bypass_flag
    if (bits.u(1)) unsure('scaling matrices')
  }
  bits.ue() // log2_max_frame_num_minus4
  const pocType = bits.ue()
  if (pocType === 0) bits.ue()
  else if (pocType === 1) {
    bits.u(1)
    bits.se()
    bits.se()
    const cycle = bits.ue()
    if (cycle > 255) unsure('a POC cycle too long')
    for (let i = 0; i < cycle; i++) bits.se()
  } else if (pocType !== 2) unsure('an unknown POC type')
  bits.ue() // max_num_ref_frames
  bits.u(1) // gaps_in_frame_num_value_allowed_flag
  const widthMbs = bits.ue() + 1
  const heightMapUnits = bits.ue() + 1
  if (!bits.u(1)) unsure('interlaced (field) coding')
  bits.u(1) // direct_8x8_inference_flag
  const crop = bits.u(1) ? [bits.ue(), bits.ue(), bits.ue(), bits.ue()] : [0, 0, 0, 0]
  if (bits.u(1)) readVui(bits)
  const pixFmt = CHROMA.get(chroma) ?? unsure('a monochrome or unknown chroma format')
  if (bitDepth !== 8 && bitDepth !== 10) unsure(`a ${bitDepth}-bit picture`)
  const cropX = chroma === 3 ? 1 : 2
  const cropY = chroma === 1 ? 2 : 1
  const width = widthMbs * 16 - cropX * (crop[0]! + crop[1]!)
  const height = heightMapUnits * 16 - cropY * (crop[2]! + crop[3]!)
  if (width <= 0 || height <= 0) unsure('cropped to nothing')
  return {
    profile: profileName(profileIdc, constraints),
    width,
    height,
    bitDepth,
    pixFmt: pixFmt + (bitDepth === 10 ? '10le' : ''),
    spsId,
  }
}

/** The start of the VUI: a video signal type (range, colour description) is what ffprobe would report, so it is unsure. */
function readVui(bits: BitReader): void {
  if (bits.u(1) && bits.u(8) === 255) {
    bits.u(16)
    bits.u(16)
  }
  if (bits.u(1)) bits.u(1) // overscan
  if (bits.u(1)) unsure('a video signal type (range or colour description)')
}

function profileName(idc: number, constraints: number): string {
  const base = PROFILES.get(idc) ?? unsure(`H.264 profile ${idc}`)
  if (idc === 66 && constraints & 0x40) return 'Constrained Baseline'
  if ((idc === 110 || idc === 122 || idc === 244) && constraints & 0x10) unsure('an intra profile')
  return base
}

/** The RBSP of a NAL unit: each 00 00 03 loses its 03 (emulation prevention). */
function unescape(nal: Buffer): Buffer {
  const out: number[] = []
  let zeros = 0
  for (const byte of nal) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0
      continue
    }
    zeros = byte === 0 ? zeros + 1 : 0
    out.push(byte)
  }
  return Buffer.from(out)
}

/** MSB-first bit reads with Exp-Golomb codes (H.264 parameter sets, VP9 frame headers); reading past the end makes the file unsure. */
export class BitReader {
  private at = 0

  constructor(private readonly data: Buffer) {}

  u(count: number): number {
    let value = 0
    for (let i = 0; i < count; i++) {
      const byte = this.data[this.at >> 3]
      if (byte === undefined) unsure('a header ends early')
      value = value * 2 + ((byte >> (7 - (this.at & 7))) & 1)
      this.at++
    }
    return value
  }

  ue(): number {
    let zeros = 0
    while (this.u(1) === 0) if (++zeros > 31) unsure('an Exp-Golomb code too long')
    return 2 ** zeros - 1 + this.u(zeros)
  }

  se(): number {
    const k = this.ue()
    return k % 2 ? (k + 1) / 2 : -k / 2
  }
}
