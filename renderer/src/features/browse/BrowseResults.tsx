import type { MouseEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../app/use-app-store'
import { countFilters } from './browse-url'
import { useFacets, useMediaList } from './use-media-list'
import { MediaGrid } from './MediaGrid'
import { MediaList } from './MediaList'
import { RESULTS_ID } from './skip-targets'
import { ErrorLine } from '../../ui/ErrorLine'

/** The grid or the list of what the query and filters leave, or why there is nothing to show. */
export function BrowseResults(props: {
  onColumns(columns: number): void
  onPick(event: MouseEvent, id: string): void
  /** Opens the asset's detail; `at`: where its player starts (a search hit's time). */
  onOpen(id: string, at?: number): void
}) {
  const list = useMediaList()
  const facets = useFacets()
  const count = list.media.length
  const { status } = list
  const error = list.error ?? facets.error ?? undefined
  const { view, narrowed, setBrowse, clearSelection } = useAppStore(
    useShallow((s) => ({
      view: s.browse.view,
      narrowed: s.browse.query.trim() !== '' || countFilters(s.browse.filter) > 0,
      setBrowse: s.setBrowse,
      clearSelection: s.clearSelection,
    })),
  )
  return (
    <div
      id={RESULTS_ID}
      className="browse-results"
      tabIndex={-1}
      onFocus={(event) => {
        // A skip link lands on the region: the keyboard belongs on the grid or list inside, when there is one.
        if (event.target === event.currentTarget)
          event.currentTarget.querySelector<HTMLElement>('.results-scroller')?.focus()
      }}
      onClick={(event) => {
        // A click on empty space clears the selection, as in file managers.
        if (!(event.target as HTMLElement).closest('button, [data-testid="media-card"], [data-testid="media-row"]')) {
          clearSelection()
        }
      }}
    >
      {error && <ErrorLine>{error.message}</ErrorLine>}
      {count === 0 && status === 'loading' && <p className="empty">Loading…</p>}
      {count === 0 && status === 'ready' && !narrowed && (
        <div className="empty-library" data-testid="empty-library">
          <p>No media in this library yet.</p>
          <p className="empty">Drop videos or images anywhere here, or use “Import files…”.</p>
        </div>
      )}
      {count === 0 && status === 'ready' && narrowed && (
        <div className="empty-library" data-testid="no-match">
          <p>No assets match</p>
          <button type="button" onClick={() => setBrowse({ query: '', filter: {} })}>
            Clear search and filters
          </button>
        </div>
      )}
      {count > 0 && (view === 'list' ? <MediaList {...props} /> : <MediaGrid {...props} />)}
    </div>
  )
}
