import { useId } from 'react'
import { plural } from '../../format'
import type { VersionView } from './use-version-view'
import { diffSummary, versionFacts, versionLabel } from './version-diff'

/** The version picker and "Compare with…" picker above the graph, with what the shown version holds and a comparison's count. */
export function VersionBar({ view }: { view: VersionView }) {
  const ids = { version: useId(), compare: useId() }
  const { versions, shown, compare } = view
  const current = versions.find((version) => version.ordinal === shown)
  if (versions.length === 0 || !current) return null
  const others = versions.filter((version) => version.ordinal !== shown)
  return (
    <>
      <div className="wf-versions" role="group" aria-label="Versions">
        <span className="wf-versions-count">{plural(versions.length, 'version', 'versions')}</span>
        {versions.length > 1 && (
          <>
            {/* Each label stays beside its picker when the bar wraps. */}
            <span className="wf-version-pick">
              <label htmlFor={ids.version}>Version</label>
              <select
                id={ids.version}
                value={current.ordinal}
                onChange={(event) => view.show(Number(event.target.value))}
              >
                {versions.map((version) => (
                  <option key={version.ordinal} value={version.ordinal}>
                    {`${versionLabel(version)}${version.ordinal === versions[versions.length - 1].ordinal ? ' (newest)' : ''}`}
                  </option>
                ))}
              </select>
            </span>
            <span className="wf-version-pick">
              <label htmlFor={ids.compare}>Compare with…</label>
              <select
                id={ids.compare}
                value={compare ?? ''}
                onChange={(event) => view.compareWith(event.target.value === '' ? null : Number(event.target.value))}
              >
                <option value="">No comparison</option>
                {others.map((version) => (
                  <option key={version.ordinal} value={version.ordinal}>
                    {versionLabel(version)}
                  </option>
                ))}
              </select>
            </span>
          </>
        )}
        <span className="muted wf-version-facts">
          {versions.length > 1 ? '' : `Version ${current.ordinal}: `}
          {versionFacts(current)}
        </span>
      </div>
      {/* The list is under the graph, often below the fold: the counts say up here what to look for. */}
      {compare !== null && (
        <p className="wf-diff-line" role="status" aria-label="Comparison">
          {view.diff
            ? `Compared with version ${compare}: ${diffSummary(view.diff)}. On the graph added nodes and links are green, changed nodes amber; the list under it names each change.`
            : `Comparing with version ${compare}…`}
        </p>
      )}
    </>
  )
}
