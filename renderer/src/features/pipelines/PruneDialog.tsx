import { useState } from 'react'
import type { CheckpointNode, Timeline } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { plural } from '../../format'
import { pruneCount } from './checkpoint-tree'

const DEFAULT_KEEP = 10

/** "Prune unpinned, keep newest N" for one timeline, saying how many checkpoints would go before it asks. */
export function PruneDialog({
  timeline,
  nodes,
  onPrune,
  onClose,
}: {
  timeline: Timeline
  nodes: readonly CheckpointNode[]
  onPrune(keep: number): Promise<ErrorShape | undefined>
  onClose(): void
}) {
  const [text, setText] = useState(String(DEFAULT_KEEP))
  const keep = /^\d{1,5}$/.test(text.trim()) ? Number(text) : null
  const going = keep === null ? null : pruneCount(nodes, keep)
  return (
    <ConfirmDialog
      title={`Prune the checkpoints of ${timeline.profile}@${timeline.fps}fps`}
      confirmLabel={going === null ? 'Prune' : `Delete ${plural(going, 'checkpoint', 'checkpoints')}`}
      busyLabel="Pruning…"
      ready={going !== null && going > 0}
      onConfirm={() => onPrune(keep ?? DEFAULT_KEEP)}
      onClose={onClose}
    >
      <label className="pl-field">
        Keep the newest
        <input
          type="number"
          min={0}
          max={10000}
          step={1}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <p role="status">
        {going === null
          ? 'Type a whole number of checkpoints to keep.'
          : going === 0
            ? 'Nothing to prune: every checkpoint is among the newest, pinned, a scenario, or an ancestor of one.'
            : `${plural(going, 'checkpoint goes', 'checkpoints go')}. Pinned checkpoints, scenarios, the root and the ancestors of what stays are kept; outputs another checkpoint uses stay.`}
      </p>
    </ConfirmDialog>
  )
}
