import './organise.css'

// The organise feature's public entry: what the library view and the Settings page render.
export { CollectionFilter } from './CollectionFilter'
export { DeleteDialog } from './DeleteDialog'
export { SelectionActions } from './SelectionActions'
export { TrashSection } from './TrashSection'
export { UndoBar } from './UndoBar'
