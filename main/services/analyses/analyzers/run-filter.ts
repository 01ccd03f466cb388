import path from 'node:path'
import { AppError } from '../../../../shared/errors'
import { runFfmpeg } from '../../../media/ffmpeg-run'
import { ToolError } from '../../../media/tool-io'
import type { AnalyzerContext } from './types'

/** One filter pass over a file's first video or audio stream. */
export type FilterPass = {
  analyzer: string
  stream: 'video' | 'audio'
  /** The -vf / -af filter chain. */
  filter: string
  /** Options placed before `-i` (decoder options). */
  inputOptions?: string[]
  /** Which stderr lines to keep (the detectors log their findings there). */
  keepLine: (line: string) => boolean
  onLine?: (line: string) => void
}

/** The kept stderr lines and where the decoded stream ended (seconds; null when unknown). */
export type FilterResult = { lines: string[]; end: number | null }

/** A decimal as ffmpeg prints times and levels (`1.5`, `-0.021`, `1e-05`). */
export const NUMBER = String.raw`(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)`

/**
 * Decodes the stream through `filter` into the null muxer, reporting progress as a fraction of the known
 * duration; a file without such a stream fails with AppError 'validation', any other failure with ToolError.
 */
export async function runFilter(file: string, ctx: AnalyzerContext, pass: FilterPass): Promise<FilterResult> {
  // `V` (capital) skips attached pictures: cover art in an audio file is not a video to analyse.
  const map = pass.stream === 'video' ? '0:V:0' : '0:a:0'
  const only = pass.stream === 'video' ? ['-an', '-sn', '-dn', '-vf'] : ['-vn', '-sn', '-dn', '-af']
  const args = ['-loglevel', 'info', ...(pass.inputOptions ?? []), '-i', file, '-map', map, ...only, pass.filter]
  const duration = ctx.durationSeconds && ctx.durationSeconds > 0 ? ctx.durationSeconds : null
  let reported = 0
  const report = (fraction: number) => {
    if (fraction <= reported) return
    reported = fraction
    ctx.onProgress?.(fraction)
  }
  try {
    const result = await runFfmpeg(ctx.ffmpegPath, [...args, '-f', 'null', '-'], {
      signal: ctx.signal,
      keepLine: pass.keepLine,
      onLine: pass.onLine,
      onProgress: duration ? (seconds) => report(Math.min(1, seconds / duration)) : undefined,
    })
    report(1)
    return { lines: result.lines, end: result.outTime ?? duration }
  } catch (error) {
    if (error instanceof ToolError && error.stderr.includes(`Stream map '${map}' matches no streams`)) {
      throw new AppError(
        'validation',
        `${path.basename(file)} has no ${pass.stream} stream; the ${pass.analyzer} analyzer needs one`,
        { analyzer: pass.analyzer, stream: pass.stream },
      )
    }
    throw error
  }
}

/** Ranges [start, end] from detector events, an interval still open at the end closed at `end` (when known). */
export function closeOpen(open: number | null, end: number | null): { start: number; end: number } | null {
  return open !== null && end !== null && end > open ? { start: open, end } : null
}

/** `10^(dB / 20)`: an amplitude ratio from decibels, as ffmpeg's noise options take it. */
export const amplitude = (db: number) => 10 ** (db / 20)
