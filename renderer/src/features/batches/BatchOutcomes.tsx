import { useEffect, useState } from 'react'
import type { BatchItem, BatchItemsCursor, JobOf } from '../../../../shared/contract'
import { api } from '../../api/index'
import { useAppStore } from '../../app/use-app-store'
import { ErrorLine } from '../../ui/ErrorLine'
import { OUTCOME_WORDS } from './job-words'

const PAGE = 100

/** A batch's per-asset outcomes, failures first, a page at a time; read again as the job moves on. */
export function BatchOutcomes({ job }: { job: JobOf<'batch'> }) {
  const openAsset = useAppStore((s) => s.openAsset)
  const [items, setItems] = useState<BatchItem[]>([])
  const [next, setNext] = useState<BatchItemsCursor | null>(null)
  const [error, setError] = useState<string | null>(null)
  // The outcomes so far: read again when the job's state or result changes.
  useEffect(() => {
    let live = true
    api['batch:items']({ jobId: job.id, cursor: null, limit: PAGE }).then(
      (page) => {
        if (!live) return
        setItems(page.items)
        setNext(page.nextCursor)
      },
      (failure: Error) => live && setError(failure.message),
    )
    return () => {
      live = false
    }
  }, [job.id, job.state, job.result])
  const more = () =>
    void api['batch:items']({ jobId: job.id, cursor: next, limit: PAGE }).then((page) => {
      setItems((old) => [...old, ...page.items])
      setNext(page.nextCursor)
    })
  if (error) return <ErrorLine>{error}</ErrorLine>
  if (items.length === 0) return <p className="muted">No asset has finished yet.</p>
  return (
    <div className="batch-outcomes">
      <table aria-label={`Outcomes of ${job.title}`}>
        <thead>
          <tr>
            <th>Asset</th>
            <th>Outcome</th>
            <th>Why, or what it made</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.seq} className={`outcome-${item.outcome}`}>
              <td>
                <button type="button" className="link" onClick={() => openAsset(item.assetId)}>
                  {item.assetName}
                </button>
              </td>
              <td>{OUTCOME_WORDS[item.outcome]}</td>
              <td>{item.message ?? made(item)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={more}>
          More outcomes
        </button>
      )}
    </div>
  )
}

function made(item: BatchItem): string {
  if (item.outputAssetId) return 'A new asset (processed).'
  if (item.analysisId !== null) return item.outcome === 'cached' ? 'From the cache, no ffmpeg ran.' : 'Analysed.'
  return ''
}
