import './saved-searches.css'
import { useEffect, useId, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { SavedSearch } from '../../../../shared/contract'
import { useBackendQuery, write } from '../../api/queries'
import { hashOfRoute } from '../../app/navigation-slice'
import { useAppStore } from '../../app/use-app-store'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { attempt } from '../../ui/attempt'
import { SavedSearchItem } from './SavedSearchItem'
import { SearchNameDialog } from './SearchNameDialog'
import { showsSearch, viewOfSearch } from './saved-search-view'

/** The saved searches under Library in the side navigation: each opens the library on its state (a link), and can be renamed or deleted. */
export function SavedSearchNav({ onOpen }: { onOpen(): void }) {
  const { data } = useBackendQuery('searches:list', {})
  const { browse, onLibrary } = useAppStore(useShallow((s) => ({ browse: s.browse, onLibrary: s.view === 'library' })))
  const [renaming, setRenaming] = useState<SavedSearch | null>(null)
  const [deleting, setDeleting] = useState<SavedSearch | null>(null)
  const root = useRef<HTMLDivElement>(null)
  const titleId = useId()
  const searches = data?.searches ?? []
  // A dialog gives the keyboard back to a button that closed with its popover: put it on the search's "⋯",
  // or (the search deleted) on the first saved search left, else on the navigation's first entry.
  const focusAfter = (id: number) => {
    const target =
      root.current?.querySelector<HTMLElement>(`[data-search-id="${id}"] .saved-search-more`) ??
      root.current?.querySelector<HTMLElement>('a') ??
      root.current?.closest('nav')?.querySelector<HTMLElement>('button')
    target?.focus()
  }
  // A deleted search leaves the list only when the library's change event has refetched it.
  const deleted = useRef<number | null>(null)
  useEffect(() => {
    const id = deleted.current
    if (id === null || searches.some((search) => search.id === id)) return
    deleted.current = null
    focusAfter(id)
  })

  return (
    <div ref={root} className="saved-searches" data-testid="saved-searches">
      {searches.length > 0 && (
        <>
          <p id={titleId} className="saved-searches-title">
            Saved searches
          </p>
          <ul aria-labelledby={titleId}>
            {searches.map((search) => (
              <SavedSearchItem
                key={search.id}
                search={search}
                href={hashOfRoute({ view: 'library', assetId: null, browse: viewOfSearch(search, browse) })}
                current={onLibrary && showsSearch(search, browse)}
                onOpen={onOpen}
                onRename={() => setRenaming(search)}
                onDelete={() => setDeleting(search)}
              />
            ))}
          </ul>
        </>
      )}
      {renaming && (
        <SearchNameDialog
          title={`Rename “${renaming.name}”`}
          submitLabel="Rename"
          initial={renaming.name}
          version={renaming.version}
          onSubmit={(name, baseVersion) =>
            attempt(async () => void (await write('searches:rename', { id: renaming.id, name, baseVersion })))
          }
          onClose={() => {
            setRenaming(null)
            setTimeout(() => focusAfter(renaming.id))
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the saved search “${deleting.name}”?`}
          confirmLabel="Delete saved search"
          busyLabel="Deleting…"
          onConfirm={() => attempt(async () => void (await write('searches:delete', { id: deleting.id })))}
          onClose={() => {
            setDeleting(null)
            setTimeout(() => focusAfter(deleting.id))
          }}
          onConfirmed={() => {
            deleted.current = deleting.id
            setDeleting(null)
          }}
          testId="delete-search-dialog"
        >
          <p>The assets it finds stay in the library; only the saved search goes.</p>
        </ConfirmDialog>
      )}
    </div>
  )
}
