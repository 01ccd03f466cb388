import { useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { useAppStore } from '../../app/use-app-store'
import { RunBatchDialog } from '../batches/index'
import { SelectionActions } from '../organise/index'
import { useMayCall } from '../people/index'
import { useMayDownload } from '../links/index'
import { TagPicker } from './TagPicker'
import { downloadAssets } from '../../api/downloads'

/** What can be done to the selected assets: clear, download as a zip, tag, rate, add to or remove from a collection, delete, run an analysis or processing. */
export function SelectionBar() {
  const selection = useAppStore((s) => s.selection)
  const count = selection.length
  const clearSelection = useAppStore((s) => s.clearSelection)
  const tagSelection = useAppStore((s) => s.tagSelection)
  const rateSelection = useAppStore((s) => s.rateSelection)
  const mayEdit = useMayCall('media:tag')
  const mayDownload = useMayDownload()
  const [tagging, setTagging] = useState(false)
  const [running, setRunning] = useState<string[] | null>(null)
  const [outcome, setOutcome] = useState<{ text: string; error?: ErrorShape; for: string[] } | undefined>(undefined)
  if (count === 0) return null

  const report = (error: ErrorShape | undefined, done: string) =>
    setOutcome(error ? { text: error.message, error, for: selection } : { text: done, for: selection })
  // A message about an earlier selection would read as if it were about this one.
  const message = outcome?.for === selection ? outcome : undefined

  return (
    <div className="selection-bar" role="region" aria-label="Selection" data-testid="selection-bar">
      <span className="selection-count" data-testid="selection-count">
        {count === 1 ? '1 selected' : `${count.toLocaleString()} selected`}
      </span>
      <button type="button" onClick={clearSelection}>
        Clear
      </button>
      {mayDownload && (
        <button
          type="button"
          title="The selected assets' own files as one zip"
          onClick={() => {
            downloadAssets(selection)
            report(undefined, count === 1 ? 'Downloading 1 asset as a zip' : `Downloading ${count} assets as a zip`)
          }}
        >
          Download
        </button>
      )}
      {!mayEdit && <span className="muted">A viewer looks; an editor tags, rates, deletes and runs.</span>}
      {mayEdit && tagging && (
        <TagPicker
          onCancel={() => setTagging(false)}
          onSubmit={(tag) => {
            setTagging(false)
            void tagSelection([tag]).then((error) => report(error, `Tagged “${tag}”`))
          }}
        />
      )}
      {mayEdit && !tagging && (
        <button type="button" onClick={() => setTagging(true)}>
          Tag…
        </button>
      )}
      {mayEdit && (
        <>
          <label className="rate">
            Rate
            <select
              aria-label="Rate selected"
              value=""
              onChange={(event) => {
                const rating = Number(event.target.value)
                void rateSelection(rating).then((error) =>
                  report(error, rating === 0 ? 'Rating removed' : `Rated ${rating}`),
                )
              }}
            >
              <option value="" disabled>
                –
              </option>
              <option value="0">No rating</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {'★'.repeat(n)}
                </option>
              ))}
            </select>
          </label>
          <SelectionActions onOutcome={report} />
          <button type="button" onClick={() => setRunning(selection)}>
            Run…
          </button>
        </>
      )}
      {running && (
        <RunBatchDialog
          target={{ ids: running }}
          targetWords={running.length === 1 ? '1 selected asset' : `${running.length.toLocaleString()} selected assets`}
          onClose={() => setRunning(null)}
        />
      )}
      {message && (
        <span className={message.error ? 'error' : 'selection-outcome'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </div>
  )
}
