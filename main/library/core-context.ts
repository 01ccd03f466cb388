/**
 * How a library's rows name its copies' files. A library folder's: by their absolute path in the folder (the original
 * manager's code and the plugins open them, and key their caches by them). A hub's: by their object key alone, the
 * same on every machine, as its bytes may be in an object store on no machine's disk.
 */
export type RowNames = 'paths' | 'keys'

/**
 * What the floors below services/ (library/, storage/, ingest/) know of an open library: its folder and how its rows
 * name their files. The services' `Library` (main/services/library.ts) extends it; a lower floor takes a Pick of it,
 * and names the parts declared on its own floor (the store, the importer) itself.
 */
export interface LibraryCore {
  dir: string
  /** `dir` with symlinks followed, resolved once at open (see realPathBelow). */
  realDir: string
  /** How its rows name its copies' files: by path in the library folder, or (a hub) by key alone. */
  rowNames: RowNames
}
