import './results.css'
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ImportPanel, useFileDrop } from '../import/index'
import { useAppStore } from '../../app/use-app-store'
import { CollectionHead, DeleteDialog, UndoBar } from '../organise/index'
import { useMayCall } from '../people/index'
import { BrowseResults } from './BrowseResults'
import { BrowseDock } from './BrowseDock'
import { BrowseToolbar } from './BrowseToolbar'
import { FilterPanel } from './FilterPanel'
import { FILTERS_ID } from './skip-targets'
import { QuickLook } from './QuickLook'
import { SelectionBar } from './SelectionBar'
import { useBrowseKeys } from './use-browse-keys'
import { useMediaList } from './use-media-list'
import { ErrorLine } from '../../ui/ErrorLine'
import { NARROW_WINDOW } from '../../ui/use-media-query'

/** The library: browse, search and filter the media; drop or pick files anywhere here to import them. */
export function LibraryView() {
  const { importFiles, canLink, linkMode, setLinkMode, sendingFiles, importError } = useAppStore(
    useShallow((s) => ({
      importFiles: s.importFiles,
      canLink: s.canLink,
      linkMode: s.linkMode,
      setLinkMode: s.setLinkMode,
      sendingFiles: s.sendingFiles,
      importError: s.importError,
    })),
  )
  const picker = useRef<HTMLInputElement>(null)
  const mayImport = useMayCall('media:import-uploads')
  const search = useRef<HTMLInputElement>(null)
  const columns = useRef(1)
  // A phone-sized window starts with the filters folded away, so the grid is what it shows.
  const [filtersOpen, setFiltersOpen] = useState(() => !window.matchMedia(NARROW_WINDOW).matches)
  const focusFilters = useRef(false)
  const [preview, setPreview] = useState<string | null>(null)
  const { media } = useMediaList()
  const previewed = preview === null ? undefined : media.find((asset) => asset.id === preview)
  // Under Electron (where files can be linked) dropped folders are imported by path, so they stay whole.
  const { dragging, handlers } = useFileDrop((files) => void importFiles(files), !canLink)
  useBrowseKeys({ columns, search, preview, setPreview })
  useEffect(() => {
    if (!filtersOpen || !focusFilters.current) return
    focusFilters.current = false
    document.getElementById(FILTERS_ID)?.focus()
  }, [filtersOpen])

  const onColumns = useCallback((count: number) => {
    columns.current = count
  }, [])
  const onPick = useCallback((event: MouseEvent, id: string) => {
    const mode = event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only'
    useAppStore.getState().selectAsset(id, mode)
  }, [])
  const onOpen = useCallback((id: string, at?: number) => useAppStore.getState().openAsset(id, at), [])

  return (
    <section
      className={dragging ? 'library-view dragging' : 'library-view'}
      data-testid="drop-zone"
      aria-labelledby="library-title"
      // Only those who may import are offered the drop (a viewer's drop would be refused).
      {...(mayImport && { ...handlers, 'data-needs': 'media:import-uploads' })}
    >
      <div className="page-head">
        <h1 id="library-title">Library</h1>
        {mayImport && (
          <>
            <button
              type="button"
              className="primary"
              data-needs="media:import-uploads"
              onClick={() => picker.current?.click()}
            >
              Import files…
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              data-testid="file-picker"
              onChange={(event) => {
                void importFiles(Array.from(event.target.files ?? []))
                event.target.value = ''
              }}
            />
          </>
        )}
        {canLink && (
          <label className="link-mode">
            <input type="checkbox" checked={linkMode} onChange={(event) => setLinkMode(event.target.checked)} />
            Link in place (don&apos;t copy)
          </label>
        )}
        <ImportPanel />
      </div>
      <BrowseToolbar
        search={search}
        filtersOpen={filtersOpen}
        onToggleFilters={() => {
          // Opening the filters takes the keyboard there; closing them leaves it on the toggle.
          if (!filtersOpen) focusFilters.current = true
          setFiltersOpen(!filtersOpen)
        }}
      />
      <div className={filtersOpen ? 'browse-body with-filters' : 'browse-body'}>
        {filtersOpen && <FilterPanel />}
        <div className="results-area">
          <CollectionHead />
          <BrowseResults onColumns={onColumns} onPick={onPick} onOpen={onOpen} />
          <BrowseDock>
            {/* Uploads have their own progress in the import panel; a path import (Electron) has none until its job starts. */}
            {canLink && sendingFiles > 0 && (
              <p className="sending" role="status">
                Sending {sendingFiles === 1 ? '1 file' : `${sendingFiles} files`}…
              </p>
            )}
            {importError && <ErrorLine>{importError.message}</ErrorLine>}
            <UndoBar />
            <SelectionBar />
          </BrowseDock>
        </div>
      </div>
      {previewed && (
        <QuickLook
          asset={previewed}
          onClose={() => setPreview(null)}
          onOpen={() => {
            setPreview(null)
            onOpen(previewed.id, previewed.matched?.at)
          }}
        />
      )}
      <DeleteDialog />
      {dragging && (
        <div className="drop-hint" aria-hidden="true">
          Drop to import
        </div>
      )}
    </section>
  )
}
