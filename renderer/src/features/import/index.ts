// The import feature's public entry: the import panel and the drop zone's hook the library view uses.
export { ImportPanel } from './ImportPanel'
export { useFileDrop } from './use-file-drop'
export { followImports } from './import-jobs'
