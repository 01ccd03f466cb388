import type { PathPredicate } from './collect-files'
import type { ImportSource } from './import-file'

/** What to import: paths (files and folders) on this machine, or files uploaded to the library's temp folder. */
export type ImportRequest =
  | { source: 'paths'; paths: string[]; link: boolean; importedBy: string; permits?: PathPredicate }
  | { source: 'upload'; uploads: UploadedSource[]; importedBy: string; sourceType?: 'processed' | 'generated' }

/** An uploaded temp file with the name the user gave it. */
export type UploadedSource = ImportSource & { size: number }
