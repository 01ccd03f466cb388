import { useCallback, useRef, useState } from 'react'
import type { SavedSearch } from '../../../../shared/contract'
import { useOutsidePress } from '../../ui/use-outside-press'
import { useKeepsTeamLists, useMayCall } from '../people/index'

/** One saved search in the side navigation: a link opening it, and a "⋯" button revealing Rename and Delete. */
export function SavedSearchItem({
  search,
  href,
  current,
  onOpen,
  onRename,
  onDelete,
}: {
  search: SavedSearch
  href: string
  /** The library shows what this search finds. */
  current: boolean
  onOpen(): void
  onRename(): void
  onDelete(): void
}) {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLLIElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  const close = useCallback(() => setOpen(false), [])
  useOutsidePress(root, open, close)
  // One's own are one's own to change; the team's are an editor's.
  const keepsTeam = useKeepsTeamLists()
  const mayEdit = useMayCall('searches:rename') && (search.private || keepsTeam)
  const choose = (action: () => void) => () => {
    setOpen(false)
    action()
  }
  return (
    <li
      ref={root}
      className="saved-search"
      data-search-id={search.id}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return
        event.stopPropagation()
        setOpen(false)
        toggle.current?.focus()
      }}
    >
      <a href={href} aria-current={current ? 'true' : undefined} title={search.name} onClick={onOpen}>
        {search.name}
        {search.private && <span className="visually-hidden"> (only me)</span>}
      </a>
      {mayEdit && (
        <button
          ref={toggle}
          type="button"
          className="saved-search-more"
          aria-label={`Rename or delete “${search.name}”`}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">⋯</span>
        </button>
      )}
      {open && mayEdit && (
        <div className="saved-search-actions">
          <button type="button" data-needs="searches:rename" onClick={choose(onRename)}>
            Rename…
          </button>
          <button type="button" className="danger-text" data-needs="searches:delete" onClick={choose(onDelete)}>
            Delete…
          </button>
        </div>
      )}
    </li>
  )
}
