import type { ProcessorAction } from '../../../../shared/contract'
import { RunForm } from '../../ui/RunForm'
import { PROCESSORS, processorFields, processorProblem } from './processing-view'
import type { ProcessingView } from './use-processing'

const ACTIONS = Object.keys(PROCESSORS) as ProcessorAction[]

/** Pick a processor, see and change its config (defaults from the contract), and run it. */
export function ProcessForm({ view }: { view: ProcessingView }) {
  return (
    <RunForm
      title="Process"
      className="run-analysis process-form"
      pickLabel="Action"
      names={ACTIONS}
      nameTitle={(action) => PROCESSORS[action].title}
      fields={processorFields}
      problem={processorProblem}
      run={view.run}
    />
  )
}
