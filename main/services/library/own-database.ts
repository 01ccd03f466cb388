import { AppError } from '../../../shared/errors'
import type { Library, LibraryDatabase } from '../../app/library-context'

/** The library folder's own SQLite database; AppError 'unsupported' with `onHub`'s words on a hub, which has none. */
export function ownDatabase(lib: Pick<Library, 'sqlite'>, onHub: string): LibraryDatabase {
  if (!lib.sqlite) throw new AppError('unsupported', onHub)
  return lib.sqlite
}
