import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { SubtitleTrack, Timeline } from '../../../../shared/contract'
import { trackName } from '../subtitles/index'
import { StripLane, type StripBar } from './StripLane'
import { clock, frameUrl, type Detection } from './stage-outputs'
import { seekTo, usePlayerTime, type Player } from '../../ui/use-player-time'
import type { CommentMark } from '../review/index'

const THUMB_HEIGHT = 54
const GAP = 2
const PAGE = 10

/** The comments pinned to times of the video, and what picking one does (seek, pause, show it). */
export interface StripComments {
  marks: readonly CommentMark[]
  pick(mark: CommentMark): void
}

/**
 * A timeline's frames in a strip under the player (only the frames in view are drawn: an hour at 2 fps is 7,200),
 * those dedupe dropped dimmed, the detections and the video's subtitle cues in lanes under them at the same scale
 * (words on screen beside words spoken), and the comments' markers. A click on a frame, a detection or a cue seeks the player; the frame showing is marked and, while it plays, kept in view. By keyboard the
 * frames are one stop: arrows move, Enter seeks.
 */
export function Filmstrip(props: {
  timeline: Timeline
  kept: readonly number[] | null
  detections: readonly Detection[] | null
  subtitles: readonly SubtitleTrack[]
  comments: StripComments
  media: Player
  aspect: number
}) {
  const { timeline, kept, detections, subtitles, comments, media } = props
  const found = useMemo(() => detectionBars(detections ?? []), [detections])
  const notes = useMemo(() => commentBars(comments.marks, timeline.fps), [comments.marks, timeline.fps])
  const cues = useMemo(() => cueBars(subtitles), [subtitles])
  const width = Math.round(THUMB_HEIGHT * Math.min(3, Math.max(0.5, props.aspect))) + GAP
  const scroller = useRef<HTMLDivElement>(null)
  const keptSet = useMemo(() => (kept ? new Set(kept) : null), [kept])
  const count = timeline.frameCount
  // The virtualizer's functions change as it scrolls: the compiler must not memoize this component (it does not).
  // eslint-disable-next-line react-hooks/incompatible-library
  const strip = useVirtualizer({
    horizontal: true,
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => width,
    overscan: 6,
  })
  const { time, playing } = usePlayerTime(media)
  const current = Math.min(count - 1, Math.floor(time * timeline.fps + 1e-6))
  const [active, setActive] = useState<number | null>(null)
  const idPrefix = useId()
  useEffect(() => {
    const [first, last] = [strip.range?.startIndex ?? 0, strip.range?.endIndex ?? 0]
    if (playing && (current < first || current > last)) strip.scrollToIndex(current, { align: 'start' })
  }, [current, playing, strip])
  const move = (to: number) => {
    const index = Math.min(count - 1, Math.max(0, to))
    setActive(index)
    strip.scrollToIndex(index, { align: 'auto' })
  }
  const keys = (event: KeyboardEvent) => {
    const at = active ?? current
    const moves: Record<string, number> = {
      ArrowRight: at + 1,
      ArrowLeft: at - 1,
      PageDown: at + PAGE,
      PageUp: at - PAGE,
      Home: 0,
      End: count - 1,
    }
    if (event.key in moves) move(moves[event.key])
    else if (event.key === 'Enter' || event.key === ' ') seekTo(media, at / timeline.fps)
    else return
    event.preventDefault()
  }
  const droppedCount = keptSet ? count - keptSet.size : 0
  return (
    <div className="pl-filmstrip">
      <div ref={scroller} className="pl-strip">
        <div className="pl-strip-inner" style={{ width: strip.getTotalSize() }}>
          <div
            role="listbox"
            tabIndex={0}
            aria-label={`Frames, ${timeline.fps} a second`}
            aria-activedescendant={active === null ? undefined : `${idPrefix}-${active}`}
            className="pl-frames"
            style={{ height: THUMB_HEIGHT }}
            onKeyDown={keys}
            onFocus={() => active === null && setActive(Math.max(0, current))}
          >
            {strip.getVirtualItems().map((item) => {
              const dropped = keptSet !== null && !keptSet.has(item.index)
              const seconds = item.index / timeline.fps
              const classes = ['pl-frame', dropped && 'dropped', item.index === active && 'active']
              return (
                <div
                  key={item.key}
                  id={`${idPrefix}-${item.index}`}
                  role="option"
                  aria-selected={item.index === current}
                  aria-label={`${clock(seconds)}, frame ${item.index}${dropped ? ', dropped as a repeat' : ''}`}
                  className={classes.filter(Boolean).join(' ')}
                  style={{ width: width - GAP, transform: `translateX(${item.start}px)` }}
                  onClick={() => {
                    setActive(item.index)
                    seekTo(media, seconds)
                  }}
                >
                  <img
                    src={frameUrl(timeline.id, item.index)}
                    alt=""
                    loading="lazy"
                    decoding="async"
                    draggable={false}
                  />
                </div>
              )
            })}
          </div>
          {found.length > 0 && (
            <StripLane
              name="Detections"
              bars={found}
              describe={(bar, span) => `${bar.label}: seen ${span}`}
              className="pl-detection"
              fps={timeline.fps}
              frameWidth={width}
              media={media}
            />
          )}
          {notes.length > 0 && (
            <StripLane
              name="Comments"
              bars={notes}
              describe={(bar, span) => `${bar.label}, ${span}${bar.dim ? ' (resolved)' : ''}`}
              className="pl-comment"
              fps={timeline.fps}
              frameWidth={width}
              media={media}
              onPick={(index) => comments.pick(comments.marks[index]!)}
            />
          )}
          {cues.length > 0 && (
            <StripLane
              name="Subtitle cues"
              bars={cues}
              describe={(bar, span) => `${bar.row}: “${bar.label}”, ${span}`}
              className="pl-cue"
              fps={timeline.fps}
              frameWidth={width}
              media={media}
            />
          )}
        </div>
      </div>
      <p className="pl-strip-facts muted">
        {count.toLocaleString()} frames at {timeline.fps} a second
        {keptSet &&
          `; ${keptSet.size.toLocaleString()} kept, ${droppedCount.toLocaleString()} dropped as repeats (dimmed)`}
        {detections === null
          ? '; no terms looked for in this checkpoint.'
          : detections.length === 0
            ? '; none of the terms was found.'
            : '.'}
      </p>
    </div>
  )
}

/** Detections as bars: a row per term, from the first frame it was seen on to where its span ends. */
function detectionBars(detections: readonly Detection[]): StripBar[] {
  return detections.map((one) => ({ row: one.term, label: one.term, start: one.first_seen, end: one.last_seen }))
}

/** Comments as bars in one row: a range over its frames, a point in time over its frame. */
function commentBars(marks: readonly CommentMark[], fps: number): StripBar[] {
  return marks.map((mark) => ({
    row: 'Comments',
    label: mark.words,
    start: mark.at,
    end: mark.end ?? mark.at + 1 / fps,
    dim: mark.resolved,
  }))
}

/** Subtitle cues as bars: a row per track, each cue's text over its time. */
function cueBars(tracks: readonly SubtitleTrack[]): StripBar[] {
  return tracks.flatMap((track) =>
    track.cues.map((cue) => ({ row: trackName(track), label: cue.text, start: cue.start, end: cue.end })),
  )
}
