// The watch-folders feature's public entry: the Settings section that lists, adds, pauses and removes
// watched folders and shows what the watcher did.
export { WatchFoldersSection } from './WatchFoldersSection'
