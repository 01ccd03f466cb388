// The saved-searches feature's public entry: the list the side navigation shows under Library, and
// the library toolbar's "Save search…". Other features and the shell import only this file.
export { SavedSearchNav } from './SavedSearchNav'
export { SaveSearchButton } from './SaveSearchButton'
