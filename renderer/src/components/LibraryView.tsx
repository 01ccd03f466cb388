import { useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../store/use-app-store'
import { ImportPanel } from './ImportPanel'
import { MediaGrid } from './MediaGrid'
import { useFileDrop } from './use-file-drop'

/** The library: drop or pick files to import them, follow the imports, and browse the media. */
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
  // Under Electron (where files can be linked) dropped folders are imported by path, so they stay whole.
  const { dragging, handlers } = useFileDrop((files) => void importFiles(files), !canLink)

  return (
    <section
      className={dragging ? 'library-view dragging' : 'library-view'}
      data-testid="drop-zone"
      aria-labelledby="library-title"
      {...handlers}
    >
      <div className="page-head">
        <h1 id="library-title">Library</h1>
        <button type="button" className="primary" onClick={() => picker.current?.click()}>
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
        {canLink && (
          <label className="link-mode">
            <input type="checkbox" checked={linkMode} onChange={(event) => setLinkMode(event.target.checked)} />
            Link in place (don&apos;t copy)
          </label>
        )}
      </div>
      {sendingFiles > 0 && (
        <p className="sending" role="status">
          Sending {sendingFiles === 1 ? '1 file' : `${sendingFiles} files`}…
        </p>
      )}
      {importError && (
        <p className="error" role="alert">
          {importError.message}
        </p>
      )}
      <ImportPanel />
      <MediaGrid />
      {dragging && (
        <div className="drop-hint" aria-hidden="true">
          Drop to import
        </div>
      )}
    </section>
  )
}
