import { useRef, useState } from 'react'
import type { CheckpointNode } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { checkpointName } from './CheckpointTree'
import { FormDialog } from './FormDialog'

/** "Label as scenario": names a checkpoint (a prune keeps it, the tree shows its badge). */
export function LabelDialog({
  node,
  onLabel,
  onClose,
}: {
  node: CheckpointNode
  onLabel(label: string): Promise<ErrorShape | undefined>
  onClose(): void
}) {
  const [label, setLabel] = useState(node.scenarioLabel ?? '')
  const input = useRef<HTMLInputElement>(null)
  return (
    <FormDialog
      title={`Label ${checkpointName(node)} as a scenario`}
      submitLabel="Save label"
      busyLabel="Saving…"
      initialFocus={input}
      onClose={onClose}
      onSubmit={async () =>
        label.trim() === '' ? { code: 'validation', message: 'Type a label.' } : onLabel(label.trim())
      }
    >
      <label className="pl-field">
        Scenario label
        <input
          ref={input}
          type="text"
          value={label}
          maxLength={200}
          onChange={(event) => setLabel(event.target.value)}
        />
      </label>
    </FormDialog>
  )
}
