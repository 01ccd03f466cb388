import { useMemo, useState } from 'react'
import type { CheckpointNode, PipelineRun } from '../../../../shared/contract'
import type { StageName } from '../../../../shared/pipeline-stages'
import { checkpointName } from './CheckpointTree'
import { FormDialog } from './FormDialog'
import { replayConfig, replayStart } from './replay-plan'
import type { TypedFields } from './stage-fields'
import { StageFieldset } from './StageFieldset'
import type { PipelinesView } from './use-pipelines'

/**
 * "Replay from here": the stages after a checkpoint, each with its config prefilled as it ran; what differs from
 * what would run unasked is sent as overrides, with an optional scenario label for the new branch's last checkpoint.
 */
export function ReplayDialog(props: {
  node: CheckpointNode
  run: PipelineRun | undefined
  stages: StageName[]
  view: PipelinesView
  onClose(): void
}) {
  const { node, run, stages, view } = props
  const start = useMemo(() => replayStart(node, run, stages), [node, run, stages])
  const [typed, setTyped] = useState<Partial<Record<StageName, TypedFields>>>({})
  const [label, setLabel] = useState('')
  const submit = async () => {
    const { config, problem } = replayConfig(start, typed)
    if (problem) return { code: 'validation' as const, message: problem }
    return view.replay({ id: node.id, stages, config, label: label.trim() || undefined })
  }
  return (
    <FormDialog
      title={`Replay from ${checkpointName(node)}`}
      submitLabel="Replay"
      busyLabel="Starting…"
      className="pl-replay"
      onClose={props.onClose}
      onSubmit={submit}
    >
      <p className="muted">
        Runs {stages.join(' → ')} again as a new branch under this checkpoint. Fields start as the run set them; what
        you change is sent as an override, and what is unchanged comes from the cache.
      </p>
      {start.map(({ stage, shown }) => (
        <StageFieldset
          key={stage}
          stage={stage}
          values={shown}
          typed={typed[stage] ?? {}}
          onType={(name, text) => setTyped({ ...typed, [stage]: { ...typed[stage], [name]: text } })}
        />
      ))}
      <label className="pl-field">
        Scenario label (optional)
        <input type="text" value={label} maxLength={200} onChange={(event) => setLabel(event.target.value)} />
      </label>
    </FormDialog>
  )
}
