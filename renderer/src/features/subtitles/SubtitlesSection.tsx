import { useEffect, useMemo, useRef, useState } from 'react'
import type { SubtitleTrack } from '../../../../shared/contract'
import { LaneStack, type StackLane } from '../analyses/index'
import { plural } from '../../format'
import { attempt } from '../../ui/attempt'
import { ErrorLine } from '../../ui/ErrorLine'
import { seekTo, usePlayerTime, type Player } from '../../ui/use-player-time'
import { cueAt, cueClock, trackName, trackTitle } from './subtitle-words'
import { useSubtitles } from './use-subtitles'
import { useMayCall } from '../people/index'
import { write } from '../../api/queries'

// One colour for every cue (the lane shows when people speak, not kinds of things found), the filmstrip's cue blue.
const CUE_COLOUR = '#7fb2e5'

/**
 * A video's subtitles (issue 36 point 4): a lane per track under a time ruler (a cue's click seeks the player to
 * it), why a track has no cues, and the cues of one track as a list that follows the player; a button reads them
 * again.
 */
export function SubtitlesSection({
  assetId,
  durationSeconds,
  media,
}: {
  assetId: string
  durationSeconds: number | null
  media: Player
}) {
  const query = useSubtitles(assetId)
  const tracks = useMemo(() => query.data ?? [], [query.data])
  const readable = useMemo(() => tracks.filter((track) => track.cues.length > 0), [tracks])
  // The video's length when known: a sidecar made for another cut runs on past it, and the ruler stays the player's.
  const span = durationSeconds || Math.max(0.001, ...readable.map((track) => track.cues.at(-1)!.end))
  const lanes = useMemo(
    () =>
      readable.map((track): StackLane => ({
        id: track.id,
        name: trackName(track),
        title: trackTitle(track),
        stale: false,
        ranges: track.cues
          .filter((cue) => cue.start < span)
          .map((cue) => ({ start: cue.start, end: Math.min(cue.end, span), label: cue.text })),
        colour: CUE_COLOUR,
        empty: 'no cue within the video',
      })),
    [readable, span],
  )
  if (query.error) return <ErrorLine>Subtitles could not be read: {query.error.message}</ErrorLine>
  if (!query.data) return null
  return (
    <section className="detail-section subtitles" aria-label="Subtitles">
      <div className="subtitles-head">
        <h2>Subtitles</h2>
        <ReadAgain assetId={assetId} any={tracks.length > 0} />
      </div>
      {tracks.length === 0 && (
        <p className="subtitle-problem">
          None found. Looking reads the file’s own and any .srt, .vtt or .ass named like it beside the file it was
          imported from.
        </p>
      )}
      {lanes.length > 0 && <LaneStack lanes={lanes} span={span} media={media} rulerName="Subtitles playhead" />}
      {tracks
        .filter((track) => track.problem)
        .map((track) => (
          <p key={track.id} className="subtitle-problem" title={trackTitle(track)}>
            {trackName(track)}: {track.problem}
          </p>
        ))}
      {readable
        .filter((track) => track.cues.at(-1)!.start >= span)
        .map((track) => (
          <p key={track.id} className="subtitle-problem" title={trackTitle(track)}>
            {trackName(track)}: {pastTheEnd(track, span)}
          </p>
        ))}
      {readable.length > 0 && <CueList tracks={readable} media={media} />}
    </section>
  )
}

/**
 * Reads the video's subtitles again (its file's streams, and the files beside the one it was imported from): for
 * videos imported before subtitles were read, and sidecars added since. The section shows the new tracks by itself.
 */
function ReadAgain({ assetId, any }: { assetId: string; any: boolean }) {
  const mayRead = useMayCall('subtitles:read')
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false })
  const read = async () => {
    setState({ busy: true })
    const failed = await attempt(async () => void (await write('subtitles:read', { assetId })))
    setState({ busy: false, error: failed?.message })
  }
  // Reading stores the tracks found: an editor's on a team hub.
  if (!mayRead) return null
  return (
    <>
      <button type="button" onClick={() => void read()} disabled={state.busy} aria-busy={state.busy}>
        {state.busy ? 'Reading…' : any ? 'Read again' : 'Look for subtitles'}
      </button>
      {state.error && <ErrorLine>{state.error}</ErrorLine>}
    </>
  )
}

/** How many of a track's cues start after the video ends, and what that may mean. */
function pastTheEnd(track: SubtitleTrack, span: number): string {
  const after = track.cues.filter((cue) => cue.start >= span).length
  const cues = plural(after, 'cue starts', 'cues start')
  return `${cues} after the video ends (${cueClock(span)}): these subtitles may be of another cut.`
}

/** One track's cues, times and text, the one showing marked and kept in view; a track picker when there are more. */
function CueList({ tracks, media }: { tracks: SubtitleTrack[]; media: Player }) {
  const [chosen, setChosen] = useState(tracks[0]!.id)
  const track = tracks.find((one) => one.id === chosen) ?? tracks[0]!
  const { time } = usePlayerTime(media)
  const showing = cueAt(track.cues, time)
  const list = useRef<HTMLOListElement>(null)
  useEffect(() => {
    const box = list.current
    const item = box?.children[showing] as HTMLElement | undefined
    if (!box || !item) return
    // Scrolls the list only (scrollIntoView would move the page under the player too).
    if (item.offsetTop < box.scrollTop || item.offsetTop + item.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = item.offsetTop - box.clientHeight / 3
    }
  }, [showing])
  return (
    <div className="cue-list-box">
      {tracks.length > 1 && (
        <label className="cue-track">
          Track{' '}
          <select value={track.id} onChange={(event) => setChosen(Number(event.target.value))}>
            {tracks.map((one) => (
              <option key={one.id} value={one.id}>
                {trackName(one)} ({plural(one.cues.length, 'cue', 'cues')})
              </option>
            ))}
          </select>
        </label>
      )}
      <ol ref={list} className="cue-list" aria-label={`Cues of ${trackName(track)}`}>
        {track.cues.map((cue, index) => (
          <li
            key={index}
            className={index === showing ? 'cue showing' : 'cue'}
            aria-current={index === showing || undefined}
          >
            <button type="button" className="cue-time" onClick={() => seekTo(media, cue.start)} title="Play from here">
              {cueClock(cue.start)}
            </button>
            <span className="cue-text">{cue.text}</span>
          </li>
        ))}
      </ol>
    </div>
  )
}
