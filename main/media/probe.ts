import { statSync } from 'node:fs'
import type { MediaType } from '../../shared/contract'
import { primaryVideoStream, type FfprobeOutput } from './media-metadata'
import { runTool, stderrTail, ToolError, type RunTool } from './tool-io'

/** ffprobe could not read the file as a video or image; the message says why, in words and in ffprobe's. */
export class ProbeError extends Error {
  override name = 'ProbeError'

  constructor(
    message: string,
    /** ffprobe itself crashed (was killed by a signal) rather than rejecting the file. */
    readonly crashed = false,
  ) {
    super(message)
  }
}

/** What ffprobe said about a file, and which ffprobe said it. */
export interface ProbeResult {
  output: FfprobeOutput
  probedWith: string
}

/**
 * Probes with `ffprobe`; when it crashes on the file, probes again with the ffprobe `fallback()`
 * names (one found on PATH, looked up only then) if there is one. Rejects as probeMedia does,
 * naming both when both fail.
 */
export async function probeWithFallback(
  ffprobe: string,
  fallback: () => string | null,
  filePath: string,
  signal?: AbortSignal,
  run: RunTool = runTool,
): Promise<ProbeResult> {
  try {
    return { output: await probeMedia(ffprobe, filePath, signal, run), probedWith: ffprobe }
  } catch (error) {
    if (!(error instanceof ProbeError && error.crashed)) throw error
    const other = fallback()
    if (!other) throw error
    try {
      return { output: await probeMedia(other, filePath, signal, run), probedWith: other }
    } catch (second) {
      if (!(second instanceof ProbeError)) throw second
      throw new ProbeError(`${error.message}; ${other} then failed too: ${second.message}`, second.crashed)
    }
  }
}

/** Streams and container facts of a media file, read by ffprobe; rejects with ProbeError when ffprobe cannot read it. */
export async function probeMedia(
  ffprobePath: string,
  filePath: string,
  signal?: AbortSignal,
  run: RunTool = runTool,
): Promise<FfprobeOutput> {
  const args = ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', filePath]
  const { stdout } = await run(ffprobePath, args, { signal }).catch((error: unknown) => {
    // A non-zero exit or a crash is about the file (some builds crash on some inputs);
    // an abort or a tool that could not start is not.
    if (!(error instanceof ToolError) || error.outcome.startsWith('could not start')) throw error
    if (error.exitCode === null) throw new ProbeError(`ffprobe crashed (it ${error.outcome})`, true)
    throw probeFailure(error.stderr, filePath)
  })
  return parse(stdout)
}

/**
 * What a file is by its streams, where its extension only guesses: a video container (.mp4, .webm,
 * .mkv, …) holding sound and no picture is audio (ComfyUI's audio saves write AAC in .mp4, Opus or
 * Vorbis in .webm). Any other file keeps the type its extension gave.
 */
export function mediaTypeByStreams(output: FfprobeOutput, byExtension: MediaType): MediaType {
  if (byExtension !== 'video' || primaryVideoStream(output)) return byExtension
  return output.streams?.some((s) => s.codec_type === 'audio') ? 'audio' : byExtension
}

/**
 * Rejects with ProbeError a file without what its type needs: a picture (not cover art) for a
 * video or image, a sound stream for audio.
 */
export function requireStreams(output: FfprobeOutput, mediaType: MediaType): void {
  const needsSound = mediaType === 'audio'
  const has = needsSound ? output.streams?.some((s) => s.codec_type === 'audio') : primaryVideoStream(output)
  if (has) return
  const found = [...new Set((output.streams ?? []).map((s) => s.codec_type ?? 'unknown'))]
  const missing = needsSound ? 'no audio stream' : 'no video or image stream'
  throw new ProbeError(`${missing} (found: ${found.join(', ') || 'no streams'})`)
}

function parse(stdout: string): FfprobeOutput {
  try {
    return JSON.parse(stdout) as FfprobeOutput
  } catch {
    throw new ProbeError('ffprobe printed no readable description of the file')
  }
}

// ffprobe's common complaints about a file, and what they mean to the person who has it (issue 37 point 8).
const COMPLAINTS: [RegExp, string][] = [
  [
    /moov atom not found/,
    'it is no finished video: its index is missing (a download or render that stopped early, or not a video)',
  ],
  [/End of file|truncat/i, 'it ends before its data does: the file is cut short'],
  [
    /Invalid data found when processing input/,
    'it is no video, audio or picture format Framevault knows, or it is damaged',
  ],
  [/No such file or directory/, 'the file is not there any more'],
  [/Permission denied/, 'Framevault may not read it (permission denied)'],
]

/**
 * Why ffprobe could not read a file, in words, then ffprobe's own without demuxer addresses or the file path: "it is
 * empty (0 bytes)" or "it is no finished video: … (ffprobe: moov atom not found | Invalid data …)".
 */
function probeFailure(stderr: string, filePath: string): ProbeError {
  const message = stderrTail(stderr.replaceAll(`${filePath}: `, ''))
  if (!message) return new ProbeError('ffprobe could not read the file')
  const empty = (() => {
    try {
      return statSync(filePath).size === 0
    } catch {
      return false
    }
  })()
  const meaning = empty ? 'it is empty (0 bytes)' : COMPLAINTS.find(([pattern]) => pattern.test(message))?.[1]
  return new ProbeError(meaning ? `${meaning} (ffprobe: ${message})` : `ffprobe: ${message}`)
}
