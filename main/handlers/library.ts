import { backupIntoLibrary, listBackups } from '../services/library/backup'
import { seesInternals } from '../../shared/access'
import { getLibraryInfo, libraryNaming, renameLibrary } from '../services/library/library-info'
import { listOtherLibraries, openOtherLibrary } from '../services/library/other-libraries'
import { restoreFromLibraryBackup } from '../services/library/restore'
import type { HandlerGroup } from './handler-types'

export const libraryHandlers = {
  // Where the library keeps its data is internal: a viewer is told its name alone.
  'library:info': (_input, lib, caller) =>
    caller && !seesInternals(caller.role) ? libraryNaming(lib) : getLibraryInfo(lib),
  'library:rename': ({ name, baseVersion }, lib) => renameLibrary(lib, name, baseVersion),
  'library:backup': (_input, lib) => backupIntoLibrary(lib),
  'library:backups': (_input, lib) => listBackups(lib),
  'library:restore': (input, lib) => restoreFromLibraryBackup(lib, input),
  'library:restores': (_input, lib) => listOtherLibraries(lib),
  'library:open': ({ path }, lib) => openOtherLibrary(lib, path),
} satisfies HandlerGroup
