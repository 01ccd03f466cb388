import { useCallback, useRef, useState } from 'react'
import type { InboxEntry } from '../../../../shared/contract'
import { useBackendQuery, useWrite } from '../../api/queries'
import { useAppStore } from '../../app/use-app-store'
import { attempt } from '../../ui/attempt'
import { ErrorLine } from '../../ui/ErrorLine'
import { timeAgo } from '../../ui/time-ago'
import { useOutsidePress } from '../../ui/use-outside-press'
import { useSignedIn } from '../people/index'
import { inboxWords } from './inbox-words'

const SHOWN = 30

/**
 * The title bar's inbox on a team hub (issue 60 point 6): a bell with the count of unread entries (kept current by
 * the change feed's `inbox` topic), and a list of mentions, replies and status changes; an entry opens its asset at
 * its comment's time and is marked read.
 */
export function InboxBell() {
  const person = useSignedIn()
  const [open, setOpen] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setOpen(false), [])
  useOutsidePress(box, open, close)
  const inbox = useBackendQuery('inbox:list', person ? { limit: SHOWN } : null)
  if (!person) return null
  const unread = inbox.data?.unread ?? 0
  const label = unread === 0 ? 'Inbox, nothing unread' : `Inbox, ${unread} unread`
  return (
    <div className="inbox" ref={box}>
      <button
        type="button"
        className="inbox-bell"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls="inbox-list"
        onClick={() => setOpen(!open)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="inbox-count" data-testid="inbox-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <InboxList
          entries={inbox.data?.entries ?? []}
          unread={unread}
          error={inbox.error?.message ?? null}
          onOpened={close}
        />
      )}
    </div>
  )
}

/** The inbox's entries, newest first, with "Mark all read" (up to the newest shown: what arrives meanwhile stays). */
function InboxList(props: { entries: InboxEntry[]; unread: number; error: string | null; onOpened: () => void }) {
  const markRead = useWrite('inbox:read')
  const markAllRead = useWrite('inbox:read-all')
  const openAsset = useAppStore((s) => s.openAsset)
  const [failed, setFailed] = useState<string | null>(null)
  const run = async (step: () => Promise<unknown>) =>
    setFailed((await attempt(async () => void (await step())))?.message ?? null)
  const newest = props.entries[0]
  const show = (entry: InboxEntry) => {
    openAsset(entry.asset.id, entry.comment?.at ?? undefined)
    props.onOpened()
    if (!entry.read) void run(() => markRead({ ids: [entry.id] }))
  }
  return (
    <section id="inbox-list" className="inbox-list" aria-label="Inbox">
      <header className="inbox-head">
        <h2>Inbox</h2>
        {props.unread > 0 && newest && (
          <button type="button" onClick={() => void run(() => markAllRead({ upTo: newest.id }))}>
            Mark all read
          </button>
        )}
      </header>
      {props.error && <ErrorLine>The inbox could not be read: {props.error}</ErrorLine>}
      {failed && <ErrorLine>{failed}</ErrorLine>}
      {props.entries.length === 0 && !props.error && (
        <p className="muted">Nothing yet: mentions of you, replies to you and review changes show here.</p>
      )}
      <ol>
        {props.entries.map((entry) => (
          <li key={entry.id} className={entry.read ? 'inbox-entry' : 'inbox-entry unread'}>
            <button type="button" data-testid="inbox-entry" onClick={() => show(entry)}>
              <span className="inbox-what">
                {inboxWords(entry)} on <strong>{entry.asset.name}</strong>
              </span>
              {entry.comment && entry.comment.body !== '' && (
                <span className="inbox-comment">“{entry.comment.body}”</span>
              )}
              <span className="inbox-when muted">
                {timeAgo(entry.at)}
                {!entry.read && <span className="visually-hidden"> (unread)</span>}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}

// Drawn rather than an emoji: a system without an emoji font shows a box.
function BellIcon() {
  return (
    <svg className="inbox-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2.5 15a2.5 2.5 0 0 0 5 0z" fill="currentColor" />
    </svg>
  )
}
