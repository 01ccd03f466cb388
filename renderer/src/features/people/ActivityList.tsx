import { useState } from 'react'
import { isChannel, type ActivityEntry } from '../../../../shared/contract'
import { CHANNEL_ACTIONS } from '../../../../shared/contract/action-names'
import { api } from '../../api/index'
import { formatDateTime } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSaving } from '../../ui/use-saving'

const PAGE = 50

/** A recorded channel's action in words ("tag assets"); a channel no longer in the contract as it was recorded. */
function actionOf(channel: string): string {
  return isChannel(channel) ? CHANNEL_ACTIONS[channel] : channel
}

/**
 * What people changed, newest first: read when it is opened (and again with Refresh), fifty at a time. Each call
 * shows who, when, what in words (the channel in its tooltip) and its input as sent (cut when long).
 */
export function ActivityList() {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null)
  const [next, setNext] = useState<number | null>(null)
  const { busy, error, save } = useSaving()
  const load = (before?: number) =>
    save(async () => {
      const page = await api['people:activity']({ limit: PAGE, ...(before !== undefined && { before }) })
      setEntries((shown) => (before === undefined ? page.entries : [...(shown ?? []), ...page.entries]))
      setNext(page.next)
    })

  return (
    <details className="activity" onToggle={(event) => event.currentTarget.open && entries === null && void load()}>
      <summary>Activity: what people changed</summary>
      {error && <ErrorLine>{error}</ErrorLine>}
      {entries?.length === 0 && <p className="muted">Nobody has changed anything yet.</p>}
      {entries && entries.length > 0 && (
        <table className="activity-table" data-testid="activity">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">With</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at)}</td>
                <td>{entry.person}</td>
                <td title={entry.channel}>{actionOf(entry.channel)}</td>
                <td>
                  <code className="activity-input">{entry.input}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="activity-buttons">
        <button type="button" disabled={busy} onClick={() => void load()}>
          Refresh
        </button>
        {next !== null && (
          <button type="button" disabled={busy} onClick={() => void load(next)}>
            Older
          </button>
        )}
      </div>
    </details>
  )
}
