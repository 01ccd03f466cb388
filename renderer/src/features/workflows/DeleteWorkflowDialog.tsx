import type { WorkflowSummary } from '../../../../shared/contract'
import { plural } from '../../format'
import { attempt } from '../../ui/attempt'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { write } from '../../api/queries'

/** "Delete this workflow?" with what goes (its runs and asset links) and what stays (the assets); focus starts on Cancel. */
export function DeleteWorkflowDialog({
  workflow,
  associations,
  onClose,
  onDeleted,
}: {
  workflow: WorkflowSummary
  associations: number
  onClose(): void
  onDeleted(): void
}) {
  return (
    <ConfirmDialog
      title={`Delete “${workflow.name}”?`}
      confirmLabel="Delete workflow"
      busyLabel="Deleting…"
      onConfirm={() => attempt(async () => void (await write('workflows:delete', { id: workflow.id })))}
      onClose={onClose}
      onConfirmed={onDeleted}
    >
      <p>
        This deletes the workflow with its {plural(workflow.executions, 'execution', 'executions')} and{' '}
        {plural(associations, 'link to an asset', 'links to assets')}. The assets themselves stay in the library.
      </p>
    </ConfirmDialog>
  )
}
