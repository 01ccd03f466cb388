import type { AnalyzerName } from '../../../../shared/contract'
import { RunForm } from '../../ui/RunForm'
import { ANALYZERS, configFields, configProblem } from './analysis-view'
import type { AnalysesView } from './use-analyses'

const NAMES = Object.keys(ANALYZERS) as AnalyzerName[]

/** Pick an analyzer, see and change its config (defaults from the contract), and run it. */
export function RunAnalysisForm({ view, hasVideo }: { view: AnalysesView; hasVideo: boolean }) {
  // An analyzer's fields are all numbers, so the config the form makes holds numbers only.
  return (
    <RunForm
      title="Run an analysis"
      className="run-analysis"
      pickLabel="Analyzer"
      names={NAMES}
      nameTitle={(name) => name}
      fields={configFields}
      problem={(name, config) => configProblem(name, config as Record<string, number>)}
      run={(name, config, force) => view.run(name, config as Record<string, number>, force)}
      resettable
    >
      {!hasVideo && <p className="field-hint">A still image has no timeline; its results are listed below.</p>}
    </RunForm>
  )
}
