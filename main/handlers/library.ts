import { getLibraryInfo, renameLibrary } from '../services/library-info'
import type { HandlerGroup } from './handler-types'

export const libraryHandlers = {
  'library:info': (_input, lib) => getLibraryInfo(lib),
  'library:rename': ({ name }, lib) => renameLibrary(lib, name),
} satisfies HandlerGroup
