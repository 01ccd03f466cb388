import { z } from 'zod'
import { PutTally } from './cache-rows'
import { documentText } from './document'
import { AssetId } from './media'

/** One subtitle cue: when it shows and hides (seconds into the asset) and its text, lines joined by "\n". */
export const SubtitleCue = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
})
export type SubtitleCue = z.infer<typeof SubtitleCue>

/** A subtitle track of an asset (issue 36 point 4): a stream inside its file or a sidecar file read with it. */
export const SubtitleTrack = z.object({
  id: z.number().int(),
  source: z.enum(['stream', 'sidecar']),
  /** ffprobe's stream index, for a stream. */
  streamIndex: z.number().int().nullable(),
  /** The sidecar's file name (`clip.en.srt`), for a sidecar. */
  fileName: z.string().nullable(),
  /** ffmpeg's codec name: subrip, ass, mov_text, webvtt… */
  codec: z.string().nullable(),
  /** As the stream's tag or the sidecar's name gives it ("eng", "en"); null when unknown. */
  language: z.string().nullable(),
  title: z.string().nullable(),
  cues: z.array(SubtitleCue),
  /** Why the track has no cues (drawn as pictures, a file that could not be read); null when it was read. */
  problem: z.string().nullable(),
})
export type SubtitleTrack = z.infer<typeof SubtitleTrack>
/** A track as an import reads it, before it has a row. */
export type NewSubtitleTrack = Omit<SubtitleTrack, 'id'>

export const subtitleChannels = {
  /** An asset's subtitle tracks with their cues, streams first in file order, then sidecars; [] when it has none. */
  'subtitles:list': {
    input: z.object({ assetId: AssetId }).strict(),
    output: z.array(SubtitleTrack),
  },
  /**
   * Reads a video's subtitles again: the streams of its file and the sidecar files beside the file it was imported
   * from (a video imported before subtitles were read has none); its tracks as `subtitles:list` then gives them.
   */
  'subtitles:read': {
    input: z.object({ assetId: AssetId }).strict(),
    output: z.array(SubtitleTrack),
  },
  /**
   * Adds sidecar tracks another library read for this asset (a push: the sidecar files stayed there), each unless a
   * sidecar of that file name is here already (counted present). They follow the asset's tracks, in the order sent.
   */
  'subtitles:put': {
    input: z
      .object({
        assetId: AssetId,
        tracks: z
          .array(
            z
              .object({
                fileName: z.string().min(1).max(255),
                codec: z.string().max(64).nullable(),
                language: z.string().max(64).nullable(),
                title: z.string().max(1_000).nullable(),
                // JSON text of the cues ([{start, end, text}]): a film's, past the 64 KiB string policy.
                cues: documentText(z.string().min(2).max(5_000_000)),
                problem: z.string().max(2_000).nullable(),
              })
              .strict(),
          )
          .min(1)
          .max(20),
      })
      .strict(),
    output: PutTally,
  },
} as const
