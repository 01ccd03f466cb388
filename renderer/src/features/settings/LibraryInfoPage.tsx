import { formatBytes, formatDateTime } from '../../format'
import { TrashSection } from '../organise/index'
import { PeopleSection, useMayCall, useSignedIn } from '../people/index'
import { ReviewLinksSection } from '../links/index'
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
import { storageOf, type LibraryInfo, type LibraryStorage } from '../../../../shared/contract'

/**
 * The settings page: where the library came from (a restore), its name and facts (where it is, its
 * schema, its tables, its size), its backups and the libraries restored from them (on a hub, how it is backed
 * up), the way to a team library (desktop app), its trash, its ComfyUI server and its watch folders.
 */
export function LibraryInfoPage() {
  const { data: info, error, isFetching, refetch } = useQuery(libraryFactsQuery(api))
  // A viewer is told nothing of where the library keeps its data (issue 60 point 3).
  const storage = info ? storageOf(info) : null
  // A hub's backups are its database's and its folder's, made outside the app.
  const onHub = useSignedIn() !== null
  // Watch folders are folders of the hub's own disks: not a viewer's to read.
  const mayReadWatchFolders = useMayCall('watch:list')

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
          {storage && <StorageFacts info={info} storage={storage} />}
          <PeopleSection />
          <ReviewLinksSection />
          {onHub ? (
            storage && <HubBackupNote filesAt={storage.filesAt} />
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
          {mayReadWatchFolders && <WatchFoldersSection />}
          {storage && <DatabaseTables tables={storage.tables} />}
        </>
      )}
    </section>
  )
}

/** Where the library keeps its data: folder, media files, database, schema and sizes. */
function StorageFacts({ info, storage }: { info: LibraryInfo; storage: LibraryStorage }) {
  return (
    <dl className="facts">
      <dt>{storage.filesAt === null ? 'Folder' : 'Folder (downloads and uploads in progress)'}</dt>
      <dd data-testid="library-path">{storage.path}</dd>
      {storage.filesAt !== null && (
        <>
          <dt>Media files</dt>
          <dd data-testid="files-at">{storage.filesAt}</dd>
        </>
      )}
      <dt>Database</dt>
      <dd>{storage.databasePath}</dd>
      <dt>Schema version</dt>
      <dd data-testid="schema-version">{storage.schemaVersion}</dd>
      <dt>Created</dt>
      <dd>{formatDateTime(info.createdAt)}</dd>
      <dt>Library id</dt>
      <dd>{info.id}</dd>
      <dt>Database size</dt>
      <dd title={`${storage.bytesOnDisk.database} bytes`}>{formatBytes(storage.bytesOnDisk.database)}</dd>
      <dt>{storage.filesAt === null ? 'Media (copied)' : 'Media (in the store above)'}</dt>
      <dd title={`${storage.bytesOnDisk.assets} bytes`}>{formatBytes(storage.bytesOnDisk.assets)}</dd>
      <dt>Thumbnails</dt>
      <dd title={`${storage.bytesOnDisk.thumbnails} bytes`}>{formatBytes(storage.bytesOnDisk.thumbnails)}</dd>
      <dt>Backups and temp files</dt>
      <dd>{formatBytes(storage.bytesOnDisk.backups + storage.bytesOnDisk.temp)}</dd>
      <dt>Library size</dt>
      <dd title={`${storage.bytesOnDisk.total} bytes`}>{formatBytes(storage.bytesOnDisk.total)}</dd>
      <dt>Linked media (outside the library)</dt>
      <dd title={`${storage.bytesOnDisk.linked} bytes`}>{formatBytes(storage.bytesOnDisk.linked)}</dd>
    </dl>
  )
}

/** The database's tables, for developers: folded, out of a person's way. */
function DatabaseTables({ tables }: { tables: LibraryStorage['tables'] }) {
  return (
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
          {tables.map((table) => (
            <tr key={table.name}>
              <td>{table.name}</td>
              <td title={table.estimated ? "PostgreSQL's estimate: counting would read the whole table" : undefined}>
                {table.estimated && '≈ '}
                {table.rows.toLocaleString()}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
