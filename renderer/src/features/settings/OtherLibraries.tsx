import './settings.css'
import type { ReactNode } from 'react'
import type { OtherLibrary } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { formatDateTime } from '../../format'
import { BusyButton } from '../../ui/BusyButton'
import { ErrorLine } from '../../ui/ErrorLine'
import { useOpenLibrary } from './use-open-library'

// Names and availability are read from the other libraries' folders: asked again each time the page shows them.
const useOtherLibraries = () => useBackendQuery('library:restores', {}, { untracked: true }).data

/**
 * Above the settings: where this library came from when it is a restore, and the way back to the
 * library this window showed before ("Back to …"). Nothing for a library that is neither.
 */
export function LibraryOriginNote() {
  const known = useOtherLibraries()
  const { open, opening, error } = useOpenLibrary()
  if (!known || (!known.origin && !known.previous)) return null
  const { origin, previous } = known
  const back = previous ?? origin?.library ?? null
  return (
    <section className="library-origin" aria-label="Where this library came from">
      {origin ? (
        <p>
          This library was restored from a backup of{' '}
          {origin.library ? <strong>{origin.library.name}</strong> : 'another library'} taken{' '}
          {formatDateTime(origin.backupAt)}. What you change here stays here.
        </p>
      ) : (
        previous && <p>You opened this library in place of another one.</p>
      )}
      {back && known.canOpen && (
        <OpenButton library={back} busy={opening !== null} onOpen={open}>
          {previous ? `Back to ${back.name}` : `Open ${back.name}`}
        </OpenButton>
      )}
      {error && <ErrorLine>{error.message}</ErrorLine>}
    </section>
  )
}

/** The libraries restored from this one's backups, each with its backup's date and an Open button. */
export function RestoredLibrariesSection() {
  const known = useOtherLibraries()
  const { open, opening, error } = useOpenLibrary()
  const restores = known?.restores ?? []
  return (
    <section className="restored-libraries" aria-labelledby="restored-libraries-title">
      <h2 id="restored-libraries-title">Restored libraries</h2>
      <p className="muted">
        Libraries made from this library&apos;s backups. Opening one closes this library; its Settings lead back here.
      </p>
      {known && restores.length === 0 && (
        <p className="empty">None yet: restore a backup above to see the library as it was then.</p>
      )}
      {restores.length > 0 && (
        <ul className="restored-list">
          {[...restores].reverse().map((restore) => (
            <li key={restore.path} data-testid="restored-library">
              <div className="restored-facts">
                <strong>{restore.name}</strong>
                <span className="muted">
                  Backup taken {formatDateTime(restore.backupAt)}, restored {formatDateTime(restore.restoredAt)}
                </span>
                <code>{restore.path}</code>
              </div>
              {known?.canOpen && (
                <OpenButton library={restore} busy={opening !== null} onOpen={open}>
                  {opening === restore.path ? 'Opening…' : 'Open'}
                  <span className="visually-hidden"> {restore.name}</span>
                </OpenButton>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <ErrorLine>{error.message}</ErrorLine>}
    </section>
  )
}

/** Opens `library`, or says why it cannot be opened. */
function OpenButton({
  library,
  busy,
  onOpen,
  children,
}: {
  library: OtherLibrary
  busy: boolean
  onOpen(path: string): Promise<void>
  children: ReactNode
}) {
  if (library.unavailable !== null) return <p className="muted">{library.unavailable}</p>
  return (
    <BusyButton busy={busy} onClick={() => void onOpen(library.path)}>
      {children}
    </BusyButton>
  )
}
