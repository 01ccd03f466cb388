import { useEffect, useRef, useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { useBackendQuery, write } from '../../api/queries'
import { useAppStore } from '../../app/use-app-store'
import { formatBytes, plural } from '../../format'
import { ErrorLine } from '../../ui/ErrorLine'
import { toErrorShape } from '../../ui/error-shape'
import { DeleteDialog, UndoBar } from '../organise/index'
import { useMayCall } from '../people/index'
import { HashingStatus, useHashingStatus } from './HashingStatus'
import { ResolveAllDialog } from './ResolveAllDialog'
import { SimilarGroupCard, type Pair } from './SimilarGroupCard'
import { keeperOf } from './similar-words'

const PER_PAGE = 20

/** The near-duplicates review (`#/similar`): groups largest first, a keeper each, and what to do with the rest. */
export function SimilarPage() {
  const [offset, setOffset] = useState(0)
  const groups = useBackendQuery('similar:groups', { offset, limit: PER_PAGE }, { identity: 'similar:groups' })
  const status = useHashingStatus()
  const askDelete = useAppStore((s) => s.askDelete)
  const [keepers, setKeepers] = useState<Record<string, string>>({})
  const [resolving, setResolving] = useState(false)
  const mayDelete = useMayCall('media:delete')
  const [dismissed, setDismissed] = useState<Pair[] | null>(null)
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  const title = useRef<HTMLHeadingElement>(null)
  const headings = useRef<(HTMLHeadingElement | null)[]>([])
  const shown = groups.data?.groups ?? []
  const total = groups.data?.total ?? 0
  // The last page emptied (its groups resolved): step back to the last one that has groups.
  if (groups.data && offset > 0 && offset >= total) setOffset(Math.max(0, Math.ceil(total / PER_PAGE) - 1) * PER_PAGE)

  // After a delete or a dismissal, once the groups are read again, focus goes to the group it happened in
  // (or the next one, or the title): the button pressed may be gone.
  const focusAfter = useRef<{ group: number; seen: unknown } | null>(null)
  const deleting = useRef<{ group: number; seen: unknown }>({ group: 0, seen: undefined })
  // Asking anew runs the focusing below even when the new groups arrived before the action's answer.
  const [focusTurn, setFocusTurn] = useState(0)
  const focusWhenRead = (wanted: { group: number; seen: unknown }) => {
    focusAfter.current = wanted
    setFocusTurn((turn) => turn + 1)
  }
  useEffect(() => {
    const wanted = focusAfter.current
    if (!wanted || groups.data === wanted.seen) return
    focusAfter.current = null
    const target = shown.length === 0 ? title.current : headings.current[Math.min(wanted.group, shown.length - 1)]
    target?.focus()
  }, [groups.data, shown.length, focusTurn])

  const dismiss = async (pairs: Pair[], at: number, undo = false) => {
    const seen = groups.data
    setError(undefined)
    try {
      for (const pair of pairs) await write(undo ? 'similar:undismiss' : 'similar:dismiss', pair)
      setDismissed(undo ? null : pairs)
      if (!undo) focusWhenRead({ group: at, seen })
    } catch (failure) {
      setError(toErrorShape(failure))
    }
  }

  return (
    <section className="similar-page" aria-labelledby="similar-title">
      <h1 id="similar-title" ref={title} tabIndex={-1}>
        Near-duplicates
      </h1>
      <HashingStatus />
      <UndoBar />
      {dismissed && (
        <div className="undo-bar" role="status">
          <span>Marked as not duplicates; they will not be grouped again.</span>
          <button type="button" className="primary" onClick={() => void dismiss(dismissed, 0, true)}>
            Undo
          </button>
        </div>
      )}
      {error && <ErrorLine>{error.message}</ErrorLine>}
      {groups.error && <ErrorLine>Could not read the near-duplicates: {groups.error.message}</ErrorLine>}
      {groups.data && total === 0 && status.data && (
        <p className="similar-empty" data-testid="similar-empty">
          {emptyWords(status.data)}
        </p>
      )}
      {total > 0 && groups.data && (
        <div className="similar-summary">
          <span data-testid="similar-summary">
            {plural(total, 'group', 'groups')}; deleting all but the keepers frees about{' '}
            {formatBytes(groups.data.bytesFreed)}.
          </span>
          {mayDelete && (
            <button type="button" data-needs="media:delete" onClick={() => setResolving(true)}>
              Resolve all with the preselection…
            </button>
          )}
        </div>
      )}
      {shown.map((group, index) => (
        <SimilarGroupCard
          key={group.anchor}
          group={group}
          keeper={keeperOf(group, keepers)}
          headingRef={(element) => (headings.current[index] = element)}
          onKeeper={(id) => setKeepers((old) => ({ ...old, [group.anchor]: id }))}
          onDelete={(ids) => {
            deleting.current = { group: index, seen: groups.data }
            askDelete(ids)
          }}
          onDismiss={(pairs) => void dismiss(pairs, index)}
        />
      ))}
      {total > PER_PAGE && (
        <nav className="similar-pages" aria-label="Pages of groups">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(offset - PER_PAGE)}>
            Previous
          </button>
          <span>
            Groups {offset + 1}–{Math.min(offset + PER_PAGE, total)} of {total.toLocaleString()}
          </span>
          <button type="button" disabled={offset + PER_PAGE >= total} onClick={() => setOffset(offset + PER_PAGE)}>
            Next
          </button>
        </nav>
      )}
      <DeleteDialog onDeleted={() => focusWhenRead(deleting.current)} />
      {resolving && <ResolveAllDialog keepers={keepers} onClose={() => setResolving(false)} />}
    </section>
  )
}

/** Why there is no group, in words: hashing runs, nothing to compare, nothing hashed yet, some still waiting, or none alike. */
function emptyWords({ hashed, waiting, job }: { hashed: number; waiting: number; job: unknown }): string {
  if (job) return 'None found yet: hashing runs, and groups appear here as it finds them.'
  if (hashed === 0 && waiting === 0)
    return 'Nothing to compare yet: videos and images are hashed after they are imported.'
  if (hashed === 0)
    return 'Nothing is hashed yet: “Find near-duplicates” compares every video and image by its pictures.'
  if (waiting > 0)
    return `No near-duplicates among the ${plural(hashed, 'asset', 'assets')} hashed so far; ${waiting.toLocaleString()} still wait.`
  return `No near-duplicates: hashing compared ${plural(hashed, 'asset', 'assets')} and found none alike.`
}
