import { ANALYZER_STREAM, type AnalyzerName, type MediaType } from '../../../../shared/contract'
import { RunForm } from '../../ui/RunForm'
import { ANALYZERS, configFields, configProblem } from './analysis-view'
import type { AnalysesView } from './use-analyses'
import { useMayCall } from '../people/index'

const NAMES = Object.keys(ANALYZERS) as AnalyzerName[]

/** The asset's analyses and what it holds to analyse: its kind, and whether it has sound. */
export interface AnalysedAsset {
  view: AnalysesView
  mediaType: MediaType
  hasSound: boolean
}

/**
 * Pick an analyzer among those that can run on the asset (for sound alone, those that listen; for pictures
 * without sound, those that look), see and change its config (defaults from the contract), and run it.
 */
export function RunAnalysisForm({ view, mediaType, hasSound }: AnalysedAsset) {
  // A viewer of a team hub reads the analyses; running one is an editor's.
  if (!useMayCall('analysis:run')) return null
  const names = NAMES.filter((name) => (ANALYZER_STREAM[name] === 'audio' ? hasSound : mediaType !== 'audio'))
  // An analyzer's fields are all numbers, so the config the form makes holds numbers only.
  return (
    <RunForm
      title="Run an analysis"
      className="run-analysis"
      needs="analysis:run"
      pickLabel="Analyzer"
      names={names}
      nameTitle={(name) => name}
      fields={configFields}
      problem={(name, config) => configProblem(name, config as Record<string, number>)}
      run={(name, config, force) => view.run(name, config as Record<string, number>, force)}
      resettable
    >
      {mediaType === 'image' && (
        <p className="field-hint">A still image has no timeline; its results are listed below.</p>
      )}
    </RunForm>
  )
}
