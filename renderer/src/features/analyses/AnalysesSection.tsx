import { useMemo } from 'react'
import { analysisLabels } from '../../../../shared/analysis-label'
import { AnalysisJobs } from './AnalysisJobs'
import { CachedAnalysisEntry } from './CachedAnalysisEntry'
import { RunAnalysisForm, type AnalysedAsset } from './RunAnalysisForm'
import { ErrorLine } from '../../ui/ErrorLine'

/** The asset detail's Analyses section: run one, the runs, and the cached results (compared under the timeline). */
export function AnalysesSection(props: AnalysedAsset) {
  const { view } = props
  const { analyses, loadError } = view
  const labels = useMemo(() => analysisLabels(analyses ?? []), [analyses])
  return (
    <section className="detail-section analyses-section" aria-label="Analyses">
      <h2>Analyses</h2>
      <RunAnalysisForm {...props} />
      <AnalysisJobs view={view} />
      <h3>Cached results</h3>
      {loadError && <ErrorLine>{loadError}</ErrorLine>}
      {analyses === null && !loadError && <p className="muted">Loading…</p>}
      {analyses?.length === 0 && <p className="muted">Nothing cached for this file yet.</p>}
      {analyses && analyses.length > 0 && (
        <ul className="analysis-entries">
          {analyses.map((analysis) => (
            <CachedAnalysisEntry key={analysis.id} analysis={analysis} label={labels.get(analysis.id)} view={view} />
          ))}
        </ul>
      )}
    </section>
  )
}
