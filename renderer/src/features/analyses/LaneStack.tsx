import { useCallback, useRef, type ReactNode, type RefObject } from 'react'
import { AnalysisLane, type LaneProps } from './AnalysisLane'
import { TimeRuler } from './TimeRuler'
import { seekPlayer, usePlayhead } from './use-playhead'

/** A lane of a stack: what a lane shows, and its React key. */
export type StackLane = Omit<LaneProps, 'span' | 'onSeek'> & { id: number }

/**
 * Lanes one above the other under a time ruler, all over one span, with one playhead across them that
 * follows the player; the ruler and the lanes seek the player. `note` stands in a lane's place.
 */
export function LaneStack({
  lanes,
  span,
  media,
  note,
  rulerName = 'Playhead',
}: {
  lanes: StackLane[]
  span: number
  media: RefObject<HTMLMediaElement | null>
  note?: ReactNode
  /** The ruler's accessible name: another stack on the page needs its own. */
  rulerName?: string
}) {
  const stage = useRef<HTMLDivElement>(null)
  const time = usePlayhead(media, span, stage)
  const seek = useCallback((seconds: number) => seekPlayer(media, seconds), [media])
  return (
    <div ref={stage} className="lane-stack">
      <div className="timeline-row">
        <span className="lane-name" aria-hidden="true" />
        <TimeRuler name={rulerName} span={span} time={time} onSeek={seek} />
      </div>
      {lanes.map(({ id, ...lane }) => (
        <AnalysisLane key={id} {...lane} span={span} onSeek={seek} />
      ))}
      {note && (
        <div className="timeline-row">
          <span className="lane-name" aria-hidden="true" />
          {note}
        </div>
      )}
    </div>
  )
}
