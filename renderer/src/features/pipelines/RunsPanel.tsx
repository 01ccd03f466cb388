import { useMemo, useState } from 'react'
import type { CheckpointNode, Timeline } from '../../../../shared/contract'
import { useAppStore } from '../../app/use-app-store'
import { formatBytes, plural } from '../../format'
import { CHECKPOINTS_MAX, CHECKPOINTS_MIN } from './checkpoint-compare-url'
import { ALL_NODES, stageOf, type TreeQuery } from './checkpoint-tree'
import { CheckpointTree } from './CheckpointTree'
import { PruneDialog } from './PruneDialog'
import type { AssetPipelines, PipelinesView } from './use-pipelines'

/** A timeline as its tree is named: "default@2fps, 16 frames". */
export const timelineName = (timeline: Timeline) =>
  `${timeline.profile}@${timeline.fps}fps, ${plural(timeline.frameCount, 'frame', 'frames')}`

/**
 * "Runs": the checkpoint tree of each of the asset's timelines, sorted and filtered as one (filtered, a tree keeps
 * the ancestors of what matches), the bytes frames and outputs take, a prune per timeline, and Compare for the
 * checkpoints ticked.
 */
export function RunsPanel(props: {
  data: AssetPipelines
  view: PipelinesView
  selected: number | null
  onSelect(id: number): void
}) {
  const { data, view, selected, onSelect } = props
  const [query, setQuery] = useState<TreeQuery>(ALL_NODES)
  const [ticked, setTicked] = useState<ReadonlySet<number>>(new Set())
  const [pruning, setPruning] = useState<Timeline | null>(null)
  const byTimeline = useMemo(() => {
    const groups = new Map<number, CheckpointNode[]>()
    for (const node of data.checkpoints) {
      const group = groups.get(node.timelineId)
      if (group) group.push(node)
      else groups.set(node.timelineId, [node])
    }
    return groups
  }, [data.checkpoints])
  const stages = useMemo(() => [...new Set(data.checkpoints.map(stageOf))], [data.checkpoints])
  const tick = (id: number, on: boolean) => {
    const next = new Set(ticked)
    if (on) next.add(id)
    else next.delete(id)
    setTicked(next)
  }
  return (
    <div className="pl-runs-panel">
      <p className="muted pl-bytes">
        Frames take {formatBytes(data.bytes.frames)}, outputs {formatBytes(data.bytes.outputs)}.
      </p>
      <div className="pl-toolbar" role="group" aria-label="Show checkpoints">
        <label>
          Sort
          <select
            value={query.sort}
            onChange={(event) => setQuery({ ...query, sort: event.target.value as TreeQuery['sort'] })}
          >
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </label>
        <label>
          Stage
          <select value={query.stage} onChange={(event) => setQuery({ ...query, stage: event.target.value })}>
            <option value="">All stages</option>
            {stages.map((stage) => (
              <option key={stage}>{stage}</option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={query.scenariosOnly}
            onChange={(event) => setQuery({ ...query, scenariosOnly: event.target.checked })}
          />
          Scenarios only
        </label>
      </div>
      <CompareBar ticked={ticked} onClear={() => setTicked(new Set())} />
      {data.timelines
        .filter((timeline) => byTimeline.has(timeline.id))
        .map((timeline) => (
          <section key={timeline.id} className="pl-timeline" aria-label={`Timeline ${timelineName(timeline)}`}>
            <div className="pl-timeline-head">
              <h4>{timelineName(timeline)}</h4>
              <span className="muted">{formatBytes(timeline.frameBytes)} of frames</span>
              <button type="button" onClick={() => setPruning(timeline)}>
                Prune…
              </button>
            </div>
            <CheckpointTree
              label={`Checkpoints of ${timelineName(timeline)}`}
              nodes={byTimeline.get(timeline.id) ?? []}
              query={query}
              selected={selected}
              onSelect={onSelect}
              ticked={ticked}
              onTick={tick}
            />
          </section>
        ))}
      {pruning && (
        <PruneDialog
          timeline={pruning}
          nodes={byTimeline.get(pruning.id) ?? []}
          onPrune={(keep) => view.prune(pruning.id, keep)}
          onClose={() => setPruning(null)}
        />
      )}
    </div>
  )
}

/** "Compare (n)" for the ticked checkpoints, enabled for 2 to 8; they read oldest to newest, left to right. */
function CompareBar({ ticked, onClear }: { ticked: ReadonlySet<number>; onClear(): void }) {
  const applyRoute = useAppStore((s) => s.applyRoute)
  const count = ticked.size
  const ready = count >= CHECKPOINTS_MIN && count <= CHECKPOINTS_MAX
  const hint =
    count > CHECKPOINTS_MAX
      ? `Compare takes at most ${CHECKPOINTS_MAX} checkpoints.`
      : `Tick ${CHECKPOINTS_MIN} to ${CHECKPOINTS_MAX} checkpoints to compare them.`
  return (
    <div className="pl-compare-bar">
      <button
        type="button"
        disabled={!ready}
        onClick={() =>
          applyRoute({
            view: 'checkpoint-compare',
            assetId: null,
            compareCheckpoints: [...ticked].sort((a, b) => a - b),
          })
        }
      >
        Compare ({count})
      </button>
      <span className="muted" role="status">
        {ready ? '' : hint}
      </span>
      {count > 0 && (
        <button type="button" className="link" onClick={onClear}>
          Clear
        </button>
      )}
    </div>
  )
}
