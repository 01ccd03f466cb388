import { memo } from 'react'
import { clock, type Detection } from './stage-outputs'
import { seekTo, type Player } from '../../ui/use-player-time'

const ROW_HEIGHT = 22

/**
 * The detections under the filmstrip, at its scale: one row per term, each detection a bar from the frame it was
 * first seen on to the last (a click seeks the player to its start). Memoized: the strip draws again as it
 * scrolls, the lane only when its detections change.
 */
export const DetectionLane = memo(function DetectionLane({
  detections,
  fps,
  frameWidth,
  media,
}: {
  detections: readonly Detection[]
  fps: number
  frameWidth: number
  media: Player
}) {
  const rowOf = new Map<string, number>()
  for (const detection of detections) if (!rowOf.has(detection.term)) rowOf.set(detection.term, rowOf.size)
  return (
    <div className="pl-lane" role="group" aria-label="Detections" style={{ height: rowOf.size * ROW_HEIGHT }}>
      {detections.map((detection, index) => {
        const left = Math.round(detection.first_seen * fps) * frameWidth
        // last_seen is where the span ends (its last frame's time plus a frame's length), so the frames it covers end before it.
        const frames = Math.max(1, Math.round(detection.last_seen * fps) - Math.round(detection.first_seen * fps))
        const span = `${clock(detection.first_seen)} to ${clock(detection.last_seen)}`
        return (
          <button
            key={`${detection.term}\n${index}`}
            type="button"
            className="pl-detection"
            style={{ left, width: frames * frameWidth - 2, top: rowOf.get(detection.term)! * ROW_HEIGHT }}
            aria-label={`${detection.term}: seen ${span}`}
            title={`${detection.term}: ${span}`}
            onClick={() => seekTo(media, detection.first_seen)}
          >
            {detection.term}
          </button>
        )
      })}
    </div>
  )
})
