import { useState } from 'react'
import { analysisLabel } from '../../../../shared/analysis-label'
import type { CachedAnalysis } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { BroughtFrom } from './BroughtFrom'
import { configEntries, findingsOf, formatValue, isAnalyzerName, rangesOf, shortHash } from './analysis-view'
import { plural } from '../../format'
import { CopyButton } from '../../ui/CopyButton'
import type { AnalysesView } from './use-analyses'
import { ErrorLine } from '../../ui/ErrorLine'
import { useMayCall } from '../people/index'

/**
 * One cached analysis, named by its analyzer and settings (`label`; the hashes are in its facts): what ran,
 * on which content, when, whether it still holds; re-run and delete.
 */
export function CachedAnalysisEntry(props: { analysis: CachedAnalysis; label?: string; view: AnalysesView }) {
  const { analysis, view } = props
  const [asking, setAsking] = useState(false)
  const mayRun = useMayCall('analysis:run')
  const mayDelete = useMayCall('analysis:delete')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const name = props.label ?? analysisLabel(analysis.analyzer, analysis.config)
  const act = async (call: () => Promise<ErrorShape | undefined>) => {
    setBusy(true)
    const failure = await call()
    setError(failure)
    setBusy(false)
    return failure
  }
  const analyzer = analysis.analyzer
  const config = configEntries(analysis.config)
  const findings = findingsOf(analysis.metadata)
  return (
    <li className={analysis.valid ? 'analysis-entry' : 'analysis-entry stale'} aria-label={name}>
      <div className="entry-head">
        <strong>{name}</strong>
        <span className={analysis.valid ? 'entry-state valid' : 'entry-state stale-tag'}>
          {analysis.valid ? 'valid' : 'stale'}
        </span>
        <span className="muted">{plural(rangesOf(analysis).length, 'range', 'ranges')}</span>
      </div>
      {!analysis.valid && <p className="entry-note">The file changed since: the next run replaces this result.</p>}
      <dl className="detail-facts entry-facts">
        <dt>Config</dt>
        <dd>
          {config.length === 0
            ? '—'
            : config.map(([field, value]) => (
                <span key={field} className="config-pair">
                  {field} <code>{formatValue(value)}</code>
                </span>
              ))}
        </dd>
        {findings.length > 0 && (
          <>
            <dt>Found</dt>
            <dd>
              {findings.map(({ label, value }) => (
                <span key={label} className="config-pair">
                  {label} <code>{value}</code>
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>Config hash</dt>
        <dd className="copy-value">
          <code title={analysis.configHash}>{shortHash(analysis.configHash)}</code>
          <CopyButton text={analysis.configHash} label="config hash" />
        </dd>
        <dt>File hash</dt>
        <dd>
          <code title={analysis.fileHash}>{shortHash(analysis.fileHash)}</code>
        </dd>
        <dt>Created</dt>
        <dd>{new Date(analysis.createdAt * 1000).toLocaleString()}</dd>
        <BroughtFrom source={analysis.broughtFrom} />
      </dl>
      {asking ? (
        <div
          className="entry-actions"
          role="group"
          aria-label="Confirm delete"
          onKeyDown={(event) => {
            // Escape here answers the question; it must not also leave the asset page.
            if (event.key !== 'Escape' || busy) return
            event.preventDefault()
            setAsking(false)
          }}
        >
          <span>Delete this cached result?</span>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void act(() => view.remove(analysis.id)).then((failure) => failure || setAsking(false))}
          >
            {busy ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" disabled={busy} onClick={() => setAsking(false)} autoFocus>
            Keep
          </button>
        </div>
      ) : (
        <div className="entry-actions">
          {mayRun && isAnalyzerName(analyzer) && (
            <button
              type="button"
              data-needs="analysis:run"
              disabled={busy}
              title="Run this analyzer with this config again, even though it is cached"
              onClick={() =>
                void act(() => view.run(analyzer, Object.fromEntries(config) as Record<string, number>, true))
              }
            >
              Re-run
            </button>
          )}
          {mayDelete && (
            <button type="button" data-needs="analysis:delete" disabled={busy} onClick={() => setAsking(true)}>
              Delete…
            </button>
          )}
        </div>
      )}
      {error && <ErrorLine>{error.message}</ErrorLine>}
    </li>
  )
}
