import type { Catalog } from '../../db/catalog'
import type { ObjectStore } from '../../storage/object-store'

/** What the trash's steps work on: the library's catalogue (the trash journal and asset rows) and object store. */
export interface TrashContext {
  root: string
  /** `root` with symlinks followed. */
  realRoot: string
  catalog: Catalog
  store: ObjectStore
}

/** Called before each object is moved; a test hook may stop the process there. */
export type BeforeMove = () => void
