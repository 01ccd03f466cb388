// The settings feature's public entry: the Settings page the shell routes to (library facts,
// renaming, the ComfyUI server, backups, restoring and opening restored libraries, the trash).
export { followBackups } from './backups'
export { LibraryInfoPage } from './LibraryInfoPage'
