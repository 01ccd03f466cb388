import type { MediaType } from '../../../../shared/contract'
import { RunForm } from '../../ui/RunForm'
import { PROCESSORS, processorFields, processorProblem, processorsFor } from './processing-view'
import type { ProcessingView } from './use-processing'
import { useMayCall } from '../people/index'

/** Pick a processor that works on this kind of asset, see and change its config (defaults from the contract), and run it. */
export function ProcessForm({ view, mediaType }: { view: ProcessingView; mediaType: MediaType }) {
  // A viewer of a team hub reads the runs; processing is an editor's.
  if (!useMayCall('processing:run')) return null
  const actions = processorsFor(mediaType)
  if (actions.length === 0)
    return <p className="muted">No processor works on {mediaType === 'image' ? 'a still image' : mediaType} yet.</p>
  return (
    <RunForm
      title="Process"
      className="run-analysis process-form"
      needs="processing:run"
      pickLabel="Action"
      names={actions}
      nameTitle={(action) => PROCESSORS[action].title}
      fields={processorFields}
      problem={processorProblem}
      run={view.run}
    />
  )
}
