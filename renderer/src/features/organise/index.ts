import './organise.css'

// The organise feature's public entry: what the library view, the asset detail (DeleteDialog) and
// the Settings page render. Other features import only this file, never the feature's internals.
export { CollectionFilter } from './CollectionFilter'
export { CollectionHead } from './CollectionHead'
export { DeleteDialog } from './DeleteDialog'
export { SelectionActions } from './SelectionActions'
export { TrashSection } from './TrashSection'
export { UndoBar } from './UndoBar'
