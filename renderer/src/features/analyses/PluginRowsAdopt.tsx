import { useState } from 'react'
import type { AdoptedRows } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { plural } from '../../format'
import { attempt } from '../../ui/attempt'
import { ErrorLine } from '../../ui/ErrorLine'
import { adoptionSummary, type AdoptionGroup } from './plugin-caches-view'
import { write } from '../../api/queries'

/** Where one asset's bringing stands: under way, done (what it did) or refused. */
interface Outcome {
  busy: boolean
  result?: AdoptedRows
  error?: ErrorShape
}

/**
 * "Bring onto <asset>" for each asset the file's analyses were made from: copies them into the
 * library's cache (`caches:adopt-rows`), so the asset's timeline shows their ranges, and says what it did.
 */
export function PluginRowsAdopt({
  database,
  groups,
  names,
}: {
  database: string
  groups: AdoptionGroup[]
  names: Record<string, string>
}) {
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({})
  if (groups.length === 0) return null
  const bring = async ({ assetId, rowIds }: AdoptionGroup) => {
    setOutcomes((old) => ({ ...old, [assetId]: { busy: true } }))
    let result: AdoptedRows | undefined
    const error = await attempt(async () => {
      result = await write('caches:adopt-rows', { path: database, assetId, rowIds })
    })
    setOutcomes((old) => ({ ...old, [assetId]: { busy: false, result, error } }))
  }
  return (
    <section className="caches-section caches-adopt" aria-labelledby="caches-adopt-title">
      <h2 id="caches-adopt-title">Bring into the library</h2>
      <p className="muted caches-adopt-intro">
        Copy a file’s analyses into the library’s cache, as the plugin wrote them, to see their ranges on the asset’s
        timeline. The plugin’s file is not changed.
      </p>
      <ul className="adopt-groups">
        {groups.map((group) => {
          const name = names[group.assetId] ?? 'this asset'
          const outcome = outcomes[group.assetId]
          return (
            <li key={group.assetId} className="adopt-group">
              <div className="adopt-line">
                <span className="adopt-match">Same content as {name}</span>
                <button type="button" disabled={outcome?.busy} onClick={() => void bring(group)}>
                  {outcome?.busy
                    ? 'Bringing…'
                    : `Bring onto ${name} (${plural(group.rowIds.length, 'analysis', 'analyses')})`}
                </button>
              </div>
              {outcome?.error && <ErrorLine>{outcome.error.message}</ErrorLine>}
              <div role="status">{outcome?.result && <AdoptResult result={outcome.result} />}</div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** The summary line with a link to the asset, then each conflict and unreadable row in words. */
function AdoptResult({ result }: { result: AdoptedRows }) {
  const notes = [...result.conflicts, ...result.unreadable]
  return (
    <div className="adopt-result">
      <p>
        {adoptionSummary(result)} <a href={`#/asset/${encodeURIComponent(result.assetId)}`}>Open {result.assetName}</a>
      </p>
      {notes.length > 0 && (
        <ul className="adopt-notes">
          {notes.map((note, index) => (
            <li key={index}>{note.message}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
