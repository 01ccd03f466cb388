import type { FileHandle } from 'node:fs/promises'
import { boxFamily, topLevelBoxes, type Box, type BoxFamily } from './container-boxes'
import type { FfprobeOutput, FfprobeStream } from './media-metadata'
import { positive, primaryVideoStream, tag } from './media-metadata'
import { matroskaVideoEnd } from './matroska-tail'
import { MATROSKA_FORMAT } from './matroska-probe'
import type { RunTool } from './tool-io'

/** Why a file that probes fine cannot play through: its media data ends before its container says. */
export type Damage = { reason: string }

/** How the damage check reads packets near the end; no tool means the structure check only. */
export interface TailReader {
  ffprobe: string
  run: RunTool
  signal?: AbortSignal
}

// Seeking lands on the key frame before the target, so this many seconds before the end is enough to see the last frames.
const TAIL_SECONDS = 3
// Below this gap a stream just ends a little before the container's (audio outlasting video): not damage.
const MIN_MISSING_SECONDS = 2
const MIN_MISSING_SHARE = 0.1

/**
 * Compares the media data present with what the container declares, without decoding:
 * MP4/MOV and RIFF (AVI, WebP) files whose top-level box runs past the end of the file are cut
 * short; any other video whose last video packet ends well before its declared duration lacks
 * its end (read in process from a whole WebM/Matroska file's last Cluster, else by ffprobe).
 * `file` is the file opened for reading when ffprobe's format name is box-structured (see
 * boxFamily) or Matroska, else null. Null when nothing is missing (or the tail could not be read: no verdict).
 */
export async function checkDamage(
  filePath: string,
  file: FileHandle | null,
  probe: FfprobeOutput,
  tail: TailReader | null,
): Promise<Damage | null> {
  const family = boxFamily(probe.format?.format_name)
  const cut = family && file ? await cutBox(file, family) : undefined
  const video = primaryVideoStream(probe)
  const declared = declaredSeconds(probe, video)
  if (cut) {
    const ends = declared && tail ? await lastVideoSecond(filePath, probe, video, declared, tail) : null
    // A container that lost its index (AVI) estimates its length from what is left: then only the bytes tell.
    const shorter = ends !== null && declared !== null && ends < declared - 0.5
    const at = shorter ? `the video ends at ${seconds(ends)} of ${seconds(declared)}; ` : ''
    return { reason: `cut short: ${at}${cut}` }
  }
  // ISO and RIFF files declare every byte of their media data: an intact structure is a whole file.
  if (cut === false || !declared || !tail) return null
  // A whole WebM/Matroska file says where its last video frame ends without starting an ffprobe.
  const start = Number(probe.format?.start_time) || 0
  const inProcess = file && probe.format?.format_name === MATROSKA_FORMAT ? await matroskaVideoEnd(file) : null
  const ends =
    inProcess !== null ? Math.max(0, inProcess - start) : await lastVideoSecond(filePath, probe, video, declared, tail)
  if (ends === null) return null
  if (declared - ends < Math.max(MIN_MISSING_SECONDS, declared * MIN_MISSING_SHARE)) return null
  return { reason: `cut short: the video ends at ${seconds(ends)} of ${seconds(declared)}` }
}

/**
 * "mdat holds 188,463 of 314,048 bytes" when a top-level box runs past the end of the file;
 * false when the structure is whole.
 */
async function cutBox(file: FileHandle, family: BoxFamily): Promise<string | false> {
  const size = (await file.stat()).size
  const boxes = await topLevelBoxes(file, size, family)
  const last: Box | undefined = boxes[boxes.length - 1]
  // Bytes appended after the last box may read as a header of any size: only a real box type counts as cut.
  if (!last || last.end <= size || !/^[\x20-\x7e]{4}$/.test(last.type)) return false
  const present = Math.max(0, size - last.start - last.headerSize)
  const declared = last.end - last.start - last.headerSize
  const name =
    last.type === 'mdat' ? 'the media data (mdat)' : `the '${last.type.trim()}' ${family === 'riff' ? 'chunk' : 'box'}`
  return `${name} holds ${bytes(present)} of ${bytes(declared)} bytes`
}

/** The picture's declared length: the video stream's own duration where the container keeps one, else the file's. */
function declaredSeconds(probe: FfprobeOutput, video: FfprobeStream | undefined): number | null {
  const value = positive(video?.duration) ?? matroskaDuration(video) ?? positive(probe.format?.duration)
  return value
}

/** Matroska keeps per-stream lengths as a "DURATION" tag, "00:00:02.000000000". */
function matroskaDuration(stream: FfprobeStream | undefined): number | null {
  const match = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(tag(stream?.tags, 'duration') ?? '')
  const total = match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : 0
  return total > 0 ? total : null
}

/**
 * When the last video packet present ends, in seconds from the file's start (its timestamps may
 * start later: the format's start_time), read by ffprobe from a seek a few seconds before the
 * declared end: packets only, no decoding. Null when ffprobe fails or finds no packet there.
 */
async function lastVideoSecond(
  filePath: string,
  probe: FfprobeOutput,
  video: FfprobeStream | undefined,
  declared: number,
  { ffprobe, run, signal }: TailReader,
): Promise<number | null> {
  if (!video) return null
  const start = Number(probe.format?.start_time) || 0
  const from = Math.max(0, start + declared - TAIL_SECONDS)
  const args = [
    '-v',
    'error',
    '-select_streams',
    String(video.index),
    '-show_entries',
    'packet=pts_time,dts_time,duration_time',
  ]
  // An open-ended interval ("S%") reads nothing from some demuxers (Matroska); a day past the seek point is the end.
  const interval = ['-read_intervals', `${from.toFixed(3)}%+86400`, '-of', 'csv=p=0', filePath]
  const output = await run(ffprobe, [...args, ...interval], { signal }).catch((error: unknown) => {
    if (signal?.aborted) throw error
    return null
  })
  if (!output) return null
  let end: number | null = null
  for (const line of output.stdout.split('\n')) {
    const [pts, dts, duration] = line.split(',').map(Number)
    const time = Number.isFinite(pts) ? pts : dts
    if (Number.isFinite(time)) end = Math.max(end ?? 0, time + (Number.isFinite(duration) ? duration : 0))
  }
  // No packet after the seek point says nothing certain (a video stream may end before the file does).
  return end === null ? null : Math.max(0, end - start)
}

function seconds(value: number): string {
  return `${value.toFixed(1)} s`
}

function bytes(value: number): string {
  return value.toLocaleString('en-US')
}
