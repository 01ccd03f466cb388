import type { Database } from 'better-sqlite3'
import type { TrashRepo } from '../../db/repos/trash'
import type { ObjectStore } from '../../storage/object-store'

/** What the trash's steps work on: the library's database, trash journal and object store. */
export interface TrashContext {
  root: string
  /** `root` with symlinks followed. */
  realRoot: string
  db: Database
  store: ObjectStore
  trash: TrashRepo
}

/** Called before each object is moved; a test hook may stop the process there. */
export type BeforeMove = () => void
