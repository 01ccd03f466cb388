import { useState } from 'react'
import type { CheckpointNode, PipelineRun } from '../../../../shared/contract'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { plural } from '../../format'
import { branchOf, stageOf } from './checkpoint-tree'
import { checkpointName } from './CheckpointTree'
import { CheckpointOutputs } from './CheckpointOutputs'
import { LabelDialog } from './LabelDialog'
import { ReplayDialog } from './ReplayDialog'
import { stagesAfter } from './replay-plan'
import { valueText } from './compare-values'
import type { Player } from '../../ui/use-player-time'
import type { PipelinesView } from './use-pipelines'

type Open = 'replay' | 'label' | 'delete' | null

/** The selected checkpoint: what it carries and found, and its actions (replay, label, pin, delete its branch). */
export function CheckpointPanel(props: {
  node: CheckpointNode
  nodes: readonly CheckpointNode[]
  run: PipelineRun | undefined
  outputs: Record<string, unknown> | undefined
  view: PipelinesView
  media: Player
  onDeleted(parentId: number | null): void
}) {
  const { node, nodes, run, view } = props
  const [open, setOpen] = useState<Open>(null)
  const name = checkpointName(node)
  const next = stagesAfter(node, run)
  const branch = branchOf(nodes, node.id).size
  const overrides = Object.entries(node.configOverrides)
  return (
    <section className="pl-panel" aria-labelledby={`pl-panel-${node.id}`}>
      <h3 id={`pl-panel-${node.id}`}>
        Checkpoint {name}
        {node.isScenario && <span className="pl-badge">scenario: {node.scenarioLabel}</span>}
      </h3>
      <dl className="detail-facts">
        <dt>Made</dt>
        <dd>
          {new Date(node.createdAt).toLocaleString()}
          {node.cached ? ' · from the cache' : stageOf(node) === 'frames' ? '' : ' · computed'}
        </dd>
        <dt>Stats</dt>
        <dd>
          {Object.entries(node.stats)
            .map(([stat, value]) => `${stat.replace(/_/g, ' ')}: ${String(value)}`)
            .join(' · ') || 'none'}
        </dd>
        <dt>Overrides</dt>
        <dd>
          {overrides.length === 0
            ? 'none (defaults)'
            : overrides.map(([stage, config]) => `${stage}: ${overrideWords(config)}`).join('; ')}
        </dd>
      </dl>
      <CheckpointOutputs outputs={props.outputs} media={props.media} />
      {next.length === 0 && (
        <p className="pl-hint">
          Nothing runs after {stageOf(node)}: to try other settings for it, replay from the checkpoint before it.
        </p>
      )}
      <div className="pl-actions">
        <button type="button" disabled={next.length === 0} onClick={() => setOpen('replay')}>
          Replay from here…
        </button>
        {node.isScenario ? (
          <button type="button" onClick={() => void view.label(node.id, null)}>
            Remove label
          </button>
        ) : (
          <button type="button" onClick={() => setOpen('label')}>
            Label as scenario…
          </button>
        )}
        <button type="button" aria-pressed={node.pinned} onClick={() => void view.pin(node.id, !node.pinned)}>
          {node.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button
          type="button"
          className="pl-danger"
          disabled={node.parentId === null}
          title={node.parentId === null ? 'The root goes only with its timeline: delete its branches.' : undefined}
          onClick={() => setOpen('delete')}
        >
          Delete branch…
        </button>
      </div>
      {open === 'replay' && (
        <ReplayDialog node={node} run={run} stages={next} view={view} onClose={() => setOpen(null)} />
      )}
      {open === 'label' && (
        <LabelDialog node={node} onLabel={(label) => view.label(node.id, label)} onClose={() => setOpen(null)} />
      )}
      {open === 'delete' && (
        <ConfirmDialog
          title={`Delete the branch of ${name}?`}
          confirmLabel={`Delete ${plural(branch, 'checkpoint', 'checkpoints')}`}
          busyLabel="Deleting…"
          onConfirm={() => view.remove(node.id)}
          onClose={() => setOpen(null)}
          onConfirmed={() => {
            setOpen(null)
            props.onDeleted(node.parentId)
          }}
        >
          <p>
            {branch === 1
              ? 'This checkpoint goes.'
              : `This checkpoint and the ${plural(branch - 1, 'checkpoint', 'checkpoints')} below it go.`}{' '}
            Outputs another checkpoint still uses stay.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}

/** A stage's overrides in words: "terms ACME, Globex; mode exact". */
function overrideWords(config: unknown): string {
  if (typeof config !== 'object' || config === null) return valueText(config).text
  return Object.entries(config)
    .map(([field, value]) => `${field} ${valueText(value).full}`)
    .join('; ')
}
