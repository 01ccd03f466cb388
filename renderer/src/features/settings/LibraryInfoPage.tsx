import { formatBytes, formatDateTime } from '../../format'
import { TrashSection } from '../organise/index'
import { PeopleSection, useSignedIn } from '../people/index'
import { WatchFoldersSection } from '../watch-folders/index'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/index'
import { BackupPanel, HubBackupNote } from './BackupPanel'
import { ComfyServerSection } from './ComfyServerSection'
import { LibraryOriginNote, RestoredLibrariesSection } from './OtherLibraries'
import { libraryFactsQuery } from './library-facts'
import { RenameLibraryForm } from './RenameLibraryForm'
import { SendToTeamSection } from './SendToTeamSection'
import { TeamLibrarySection } from './TeamLibrarySection'
import { ErrorLine } from '../../ui/ErrorLine'

/**
 * The settings page: where the library came from (a restore), its name and facts (where it is, its
 * schema, its tables, its size), its backups and the libraries restored from them (on a hub, how it is backed
 * up), the way to a team library (desktop app), its trash, its ComfyUI server and its watch folders.
 */
export function LibraryInfoPage() {
  const { data: info, error, isFetching, refetch } = useQuery(libraryFactsQuery(api))
  // A hub's backups are its database's and its folder's, made outside the app.
  const onHub = useSignedIn() !== null

  return (
    <section aria-labelledby="info-title">
      <div className="page-head">
        <h1 id="info-title">Settings</h1>
        <button type="button" onClick={() => void refetch()} disabled={isFetching}>
          Refresh
        </button>
      </div>
      {error && <ErrorLine>{error.message}</ErrorLine>}
      {!info && !error && <p>Loading…</p>}
      {info && (
        <>
          <LibraryOriginNote />
          <RenameLibraryForm currentName={info.name} version={info.nameVersion} />
          <dl className="facts">
            <dt>{info.filesAt === null ? 'Folder' : 'Folder (downloads and uploads in progress)'}</dt>
            <dd data-testid="library-path">{info.path}</dd>
            {info.filesAt !== null && (
              <>
                <dt>Media files</dt>
                <dd data-testid="files-at">{info.filesAt}</dd>
              </>
            )}
            <dt>Database</dt>
            <dd>{info.databasePath}</dd>
            <dt>Schema version</dt>
            <dd data-testid="schema-version">{info.schemaVersion}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(info.createdAt)}</dd>
            <dt>Library id</dt>
            <dd>{info.id}</dd>
            <dt>Database size</dt>
            <dd title={`${info.bytesOnDisk.database} bytes`}>{formatBytes(info.bytesOnDisk.database)}</dd>
            <dt>{info.filesAt === null ? 'Media (copied)' : 'Media (in the store above)'}</dt>
            <dd title={`${info.bytesOnDisk.assets} bytes`}>{formatBytes(info.bytesOnDisk.assets)}</dd>
            <dt>Thumbnails</dt>
            <dd title={`${info.bytesOnDisk.thumbnails} bytes`}>{formatBytes(info.bytesOnDisk.thumbnails)}</dd>
            <dt>Backups and temp files</dt>
            <dd>{formatBytes(info.bytesOnDisk.backups + info.bytesOnDisk.temp)}</dd>
            <dt>Library size</dt>
            <dd title={`${info.bytesOnDisk.total} bytes`}>{formatBytes(info.bytesOnDisk.total)}</dd>
            <dt>Linked media (outside the library)</dt>
            <dd title={`${info.bytesOnDisk.linked} bytes`}>{formatBytes(info.bytesOnDisk.linked)}</dd>
          </dl>
          <PeopleSection />
          {onHub ? (
            <HubBackupNote filesAt={info.filesAt} />
          ) : (
            <>
              <BackupPanel />
              <RestoredLibrariesSection />
              <TeamLibrarySection />
              <SendToTeamSection />
            </>
          )}
          <TrashSection />
          <ComfyServerSection />
          <WatchFoldersSection />
          {/* The database's tables are for developers: folded, out of a person's way. */}
          <details className="tables-details">
            <summary>Details: the database's tables</summary>
            <table className="tables">
              <caption>Tables</caption>
              <thead>
                <tr>
                  <th scope="col">Table</th>
                  <th scope="col">Rows</th>
                </tr>
              </thead>
              <tbody>
                {info.tables.map((table) => (
                  <tr key={table.name}>
                    <td>{table.name}</td>
                    <td
                      title={table.estimated ? "PostgreSQL's estimate: counting would read the whole table" : undefined}
                    >
                      {table.estimated && '≈ '}
                      {table.rows.toLocaleString()}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  )
}
