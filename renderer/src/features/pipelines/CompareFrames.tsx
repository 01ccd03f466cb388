import { useId } from 'react'
import type { CheckpointNode, Timeline } from '../../../../shared/contract'
import { checkpointName } from './CheckpointTree'
import { clock, frameAt, frameUrl, keptOf } from './stage-outputs'

/**
 * The same moment in each checkpoint, side by side: at the time picked, the frame that stands for it there (the
 * last kept one at or before it, where a dedupe dropped repeats), so two branches' frames can be told apart.
 */
export function CompareFrames({
  nodes,
  outputs,
  timelines,
  seconds,
  onPick,
}: {
  nodes: readonly CheckpointNode[]
  outputs: readonly (Record<string, unknown> | undefined)[]
  timelines: ReadonlyMap<number, Timeline>
  seconds: number
  onPick(seconds: number): void
}) {
  const sliderId = useId()
  const lengths = [...timelines.values()].map((timeline) => timeline.frameCount / timeline.fps)
  const length = Math.max(0, ...lengths)
  if (length === 0) return <p className="muted">Loading…</p>
  const step = 1 / Math.max(...[...timelines.values()].map((timeline) => timeline.fps))
  return (
    <div className="pl-compare-frames">
      <label htmlFor={sliderId} className="pl-time-pick">
        Time <strong>{clock(seconds)}</strong>
      </label>
      <input
        id={sliderId}
        type="range"
        min={0}
        max={Math.max(0, length - step)}
        step={step}
        value={Math.min(seconds, length)}
        aria-valuetext={clock(seconds)}
        onChange={(event) => onPick(Number(event.target.value))}
      />
      <ul className="pl-frame-grid" aria-label={`Frames at ${clock(seconds)}`}>
        {nodes.map((node, index) => {
          const timeline = timelines.get(node.timelineId)
          if (!timeline) return null
          const kept = keptOf(outputs[index])
          const sequence = frameAt(seconds, timeline.fps, timeline.frameCount, kept)
          return (
            <li key={node.id}>
              <figure>
                <img
                  src={frameUrl(timeline.id, sequence)}
                  alt={`${checkpointName(node)} at ${clock(seconds)}`}
                  loading="lazy"
                />
                <figcaption>
                  <strong>{checkpointName(node)}</strong> frame {sequence} at {clock(sequence / timeline.fps)}
                  {kept ? ' (the kept frame standing for this time)' : ''}
                </figcaption>
              </figure>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
