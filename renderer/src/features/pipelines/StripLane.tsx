import { memo } from 'react'
import { clock } from './stage-outputs'
import { seekTo, type Player } from '../../ui/use-player-time'

const ROW_HEIGHT = 22

/** A bar of a lane under the filmstrip: its row's name, its text, and from when until when (seconds). */
export interface StripBar {
  row: string
  label: string
  start: number
  end: number
  /** Drawn dimmed (a resolved comment). */
  dim?: boolean
}

/**
 * Bars under the filmstrip, at its scale: one row per name (a term's detections, a subtitle track's cues), each bar
 * from the frame it starts on to where it ends (a click seeks the player to its start). `describe` is a bar's
 * accessible name; `onPick` replaces the seek (a comment's marker also pauses and shows it). Memoized: the strip
 * draws again as it scrolls, a lane only when its bars change.
 */
export const StripLane = memo(function StripLane({
  name,
  bars,
  describe,
  className,
  fps,
  frameWidth,
  media,
  onPick,
}: {
  name: string
  bars: readonly StripBar[]
  describe(bar: StripBar, span: string): string
  className: string
  fps: number
  frameWidth: number
  media: Player
  onPick?: (index: number) => void
}) {
  const rowOf = new Map<string, number>()
  for (const bar of bars) if (!rowOf.has(bar.row)) rowOf.set(bar.row, rowOf.size)
  return (
    <div className="pl-lane" role="group" aria-label={name} style={{ height: rowOf.size * ROW_HEIGHT }}>
      {bars.map((bar, index) => {
        const left = Math.round(bar.start * fps) * frameWidth
        // A bar ends where its span does (a detection's last frame's time plus a frame's length), so the frames it
        // covers end before it.
        const frames = Math.max(1, Math.round(bar.end * fps) - Math.round(bar.start * fps))
        const words = describe(bar, `${clock(bar.start)} to ${clock(bar.end)}`)
        return (
          <button
            key={`${bar.row}\n${index}`}
            type="button"
            className={bar.dim ? `${className} dim` : className}
            style={{ left, width: frames * frameWidth - 2, top: rowOf.get(bar.row)! * ROW_HEIGHT }}
            aria-label={words}
            title={words}
            onClick={() => (onPick ? onPick(index) : seekTo(media, bar.start))}
          >
            {bar.label}
          </button>
        )
      })}
    </div>
  )
})
