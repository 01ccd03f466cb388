// The import UI lives in features/import; the library view still imports the panel from here.
export { ImportPanel } from '../features/import/ImportPanel'
