import { useState } from 'react'
import { ACTIVITY_KINDS, isChannel, type ActivityEntry, type Person } from '../../../../shared/contract'
import { CHANNEL_ACTIONS } from '../../../../shared/contract/action-names'
import { api } from '../../api/index'
import { formatDateTime } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSaving } from '../../ui/use-saving'

const PAGE = 50

type Filter = { personId?: number; guests?: true; kind?: (typeof ACTIVITY_KINDS)[number]; from?: string; to?: string }

// The person filter's choice of what review links' guests did (they have no account to pick).
const GUESTS = 'guests'

/** Whose acts a choice of the person filter keeps: everyone's (''), guests', or one person's. */
function whoseOf(choice: string): Pick<Filter, 'personId' | 'guests'> {
  if (choice === '') return { personId: undefined, guests: undefined }
  return choice === GUESTS ? { personId: undefined, guests: true } : { personId: Number(choice), guests: undefined }
}

/** What an entry says: its words, or for one recorded before words were, its channel's action ("tag assets"). */
function wordsOf(entry: ActivityEntry): string {
  if (entry.words !== null) return entry.words
  return isChannel(entry.channel) ? CHANNEL_ACTIONS[entry.channel] : entry.channel
}

/** A day picked in a date field as the time it starts (local), or the next day's start for the end of a span. */
function dayStart(day: string, next = false): string | undefined {
  if (day === '') return undefined
  const start = new Date(`${day}T00:00:00`)
  if (next) start.setDate(start.getDate() + 1)
  return start.toISOString()
}

/**
 * What people did, newest first, in words ("Eddie tagged 3 assets hero"), one entry an act (a push is one), and what
 * review links' guests did ("Dana (guest) approved take-04.mp4"): read when opened (and again with Refresh or a
 * filter), fifty at a time, of one person or the guests, of one kind or span of days.
 */
export function ActivityList({ people }: { people: readonly Person[] }) {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null)
  const [next, setNext] = useState<number | null>(null)
  const [filter, setFilter] = useState<Filter>({})
  const [days, setDays] = useState({ from: '', to: '' })
  const { busy, error, save } = useSaving()
  const load = (shown: Filter, before?: number) =>
    save(async () => {
      const page = await api['people:activity']({ limit: PAGE, ...shown, ...(before !== undefined && { before }) })
      setEntries((listed) => (before === undefined ? page.entries : [...(listed ?? []), ...page.entries]))
      setNext(page.next)
    })
  const refilter = (change: Partial<Filter>) => {
    const changed = { ...filter, ...change }
    setFilter(changed)
    void load(changed)
  }

  return (
    <details
      className="activity"
      onToggle={(event) => event.currentTarget.open && entries === null && void load(filter)}
    >
      <summary>Activity: who did what</summary>
      <div className="activity-filters" role="group" aria-label="Filter the activity">
        <label>
          Person
          <select
            value={filter.guests ? GUESTS : (filter.personId ?? '')}
            onChange={(event) => refilter(whoseOf(event.target.value))}
          >
            <option value="">Everyone</option>
            <option value={GUESTS}>Guests of review links</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select
            value={filter.kind ?? ''}
            onChange={(event) => refilter({ kind: (event.target.value || undefined) as Filter['kind'] })}
          >
            <option value="">All kinds</option>
            {ACTIVITY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            value={days.from}
            onChange={(event) => {
              setDays({ ...days, from: event.target.value })
              refilter({ from: dayStart(event.target.value) })
            }}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={days.to}
            onChange={(event) => {
              setDays({ ...days, to: event.target.value })
              refilter({ to: dayStart(event.target.value, true) })
            }}
          />
        </label>
      </div>
      {error && <ErrorLine>{error}</ErrorLine>}
      {entries?.length === 0 && (
        <p className="muted">
          Nothing recorded{Object.values(filter).some((set) => set !== undefined) && ' that the filter keeps'}.
        </p>
      )}
      {entries && entries.length > 0 && (
        <table className="activity-table" data-testid="activity">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at)}</td>
                <td title={entry.words === null ? entry.input : undefined}>
                  <strong>{entry.person}</strong> {wordsOf(entry)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="activity-buttons">
        <button type="button" disabled={busy} onClick={() => void load(filter)}>
          Refresh
        </button>
        {next !== null && (
          <button type="button" disabled={busy} onClick={() => void load(filter, next)}>
            Older
          </button>
        )}
      </div>
    </details>
  )
}
