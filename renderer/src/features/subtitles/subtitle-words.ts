import type { SubtitleCue, SubtitleTrack } from '../../../../shared/contract'
import { plural } from '../../format'

/** A track as a person tells it apart: its language, then its title, sidecar file or stream number ("eng · Deutsch"). */
export function trackName(track: SubtitleTrack): string {
  const which = track.title ?? track.fileName ?? `stream ${track.streamIndex ?? '?'}`
  return track.language ? `${track.language} · ${which}` : which
}

/** A track's tooltip: its name, where it came from and its format ("a sidecar file, subrip, 12 cues"). */
export function trackTitle(track: SubtitleTrack): string {
  const from = track.source === 'sidecar' ? 'a sidecar file' : 'a stream of the file'
  return `${trackName(track)}\n${from}, ${track.codec ?? 'unknown format'}, ${plural(track.cues.length, 'cue', 'cues')}`
}

/** Seconds as a cue's clock, to the tenth: 0.5 → "0:00.5", 3725.25 → "1:02:05.3". */
export function cueClock(seconds: number): string {
  const tenths = Math.round(seconds * 10)
  const [h, m, s] = [Math.floor(tenths / 36000), Math.floor(tenths / 600) % 60, (tenths % 600) / 10]
  const sec = s.toFixed(1).padStart(4, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

// A player sought to a cue's start may stop a microsecond short of it (1.020999 for 1.021).
const SEEK_SLACK = 0.005

/** The index of the cue showing at `time` (the last to start when several overlap); -1 when none shows. */
export function cueAt(cues: readonly SubtitleCue[], time: number): number {
  let found = -1
  cues.forEach((cue, index) => {
    if (cue.start <= time + SEEK_SLACK && time < cue.end) found = index
  })
  return found
}
