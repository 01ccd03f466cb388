import type { Database } from 'better-sqlite3'
import type { ChangeFeed } from '../db/change-feed'
import type { LibraryChanges } from '../db/library-changes'
import type { MigrationResult } from '../db/migrate'
import type { Catalog, CatalogOf, CatalogRepos } from '../db/catalog'
import type { DatabaseFacts } from '../db/database-facts'
import type { LibraryRepos } from '../db/repos/library-repos'
import type { Importer } from '../ingest/importer'
import type { IngestContext } from '../ingest/ingest-context'
import type { Uploads } from '../ingest/uploads'
import type { JobRunner } from '../jobs/runner'
import type { Toolkit } from '../media/toolkit'
import type { PathGate } from '../security/path-gate'
import type { ObjectStore } from '../storage/object-store'
import type { MediaBrowse } from './browse/media-browse'
import type { FacetIndex } from './facet-index/facet-index'
import type { NearDuplicates } from './similar/near-duplicates'
import type { TeamHubClient } from './push/team-hub'
import type { EventBus } from '../library/event-bus'
import type { LibraryCore } from '../library/core-context'
import type { Visibility } from './visibility/visibility'

/**
 * The context every service function works on: one open library folder or hub, built by app/ (`compose-library.ts`).
 * Services take the parts they use (`Pick<Library, ...>`, a lint rule); the floors below services/ never name it,
 * they take the `LibraryCore` it extends (main/library/core-context.ts) or parts of their own.
 */
export interface Library extends LibraryCore {
  /** Every byte the library owns (copies, thumbnails, frames, processed outputs), by key: main/storage/. */
  store: ObjectStore
  /** The repositories that run on SQLite and PostgreSQL alike (async): a library's SQLite file, a hub's PostgreSQL. */
  catalog: Catalog
  /** Where the catalogue's database is, its schema version, tables and size. */
  describeDatabase(): Promise<DatabaseFacts>
  /** What only a library folder's own SQLite file has, beside its catalogue; null on a hub. */
  sqlite: LibraryDatabase | null
  events: EventBus
  /** The library's change log and the `library:changed` events its writes make (sequence, catch-up, batches). */
  changes: LibraryChanges
  /** Who acts through this host: recorded as `imported_by`. */
  actor: string
  /** What the caller may see: every asset, or a limited person's shared collections alone (services/visibility/). */
  visibility: Visibility
  /** Whether the caller reads the team's internal notes (issue 60 point 3): a search of who may not finds none by them. */
  readsNotes: boolean
  /** ffmpeg/ffprobe: where they are and how they run. */
  tools: Toolkit
  ingest: IngestContext
  importer: Importer
  uploads: Uploads
  /** Pages of the assets, on the catalogue's engine. */
  browse: MediaBrowse
  /** Near-duplicates: the stored frame hashes in an index of their own (a worker thread, started at first use). */
  nearDuplicates: NearDuplicates
  /** Every long job (imports, analyses, processing, verify, relink, history imports): queued, run, stored, cancelled. */
  jobs: JobRunner
  /** Which folders path imports may read from (see main/security/path-gate.ts). */
  pathGate: PathGate
  /** The better-sqlite3 addon to open other database files with (backups): Electron's build, or Node's when unset. */
  nativeBinding: string | undefined
  /** Shows a file in the OS file manager, where the host has one (Electron). */
  revealFile: RevealFile | undefined
  /** Reaches a team library (a hub) by the address and token a person gave: where "Send to team library…" sends. */
  teamHub: TeamHubClient
  /** The origin people open this library at in a browser (a hub's public address), where a host serves it to them. */
  publicAddress: (() => string) | undefined
  /** Opens another library folder in this one's place, where the host can (the app's hosts, not the CLI). */
  switchLibrary: LibrarySwitch | undefined
  /**
   * Settles when what a killed delete, undo or emptying left half done is finished (started at open, in the
   * background: the trash's objects move through the store); undo and emptying wait for it.
   */
  trashRecovered: Promise<void>
  /**
   * Settles when what opening looks over is done (in the background): the jobs killed processes held are failed
   * or taken over, then what killed pipeline runs left is cleared. Requests are served after it (dispatch waits).
   */
  readonly opened: Promise<void>
  /** Cancels running work, stops workers and closes the database. */
  close(): Promise<void>
}

/**
 * What a service takes when the library's catalogue is all it uses, and of it the repositories `K`:
 * `Uses<'media' | 'trash'>` rather than `Pick<Library, 'catalog'>`, which hands it every repository.
 */
export interface Uses<K extends keyof CatalogRepos> {
  catalog: CatalogOf<K>
}

/** A library folder's SQLite database, for what only it has: its file, its synchronous repos, its facet index. */
export interface LibraryDatabase {
  /** The database file (library.db in the library folder). */
  path: string
  db: Database
  /** Statements of the SQLite file alone: its tuned browse reads, its facet index's rows, its table counts. */
  repos: LibraryRepos
  /** What opening did to the schema. */
  migration: MigrationResult
  /** Every asset's facet columns in memory, for media:facets; read at its first use. */
  facetIndex: FacetIndex
}

/** A library folder as `openLibrary` opens it: a Library whose SQLite parts are there (the CLI and tests reach them). */
export interface LocalLibrary extends Library {
  sqlite: LibraryDatabase
  changes: ChangeFeed
}

/** Shows one file (an absolute, real path) in the OS file manager. */
export type RevealFile = (file: string) => void | Promise<void>

/** A host's way to put another library in place of the open one (see main/app/library-session.ts). */
export interface LibrarySwitch {
  /** The folder and library id of the library this host had open before this one, if it switched. */
  previous(): { dir: string; id: string } | undefined
  /**
   * Closes the open library and opens the library in `dir` in its place; the open one stays when it cannot,
   * or when the library in `dir` is not the one with `expectedId` (the folder was swapped meanwhile).
   */
  open(dir: string, expectedId: string): Promise<void>
}
