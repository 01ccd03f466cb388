import { backupIntoLibrary, listBackups } from '../services/backup'
import { getLibraryInfo, renameLibrary } from '../services/library-info'
import { restoreFromLibraryBackup } from '../services/restore'
import type { HandlerGroup } from './handler-types'

export const libraryHandlers = {
  'library:info': (_input, lib) => getLibraryInfo(lib),
  'library:rename': ({ name }, lib) => renameLibrary(lib, name),
  'library:backup': (_input, lib) => backupIntoLibrary(lib),
  'library:backups': (_input, lib) => listBackups(lib),
  'library:restore': (input, lib) => restoreFromLibraryBackup(lib, input),
} satisfies HandlerGroup
