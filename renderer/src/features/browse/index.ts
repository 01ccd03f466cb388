// The browse feature's public entry: the library view the shell routes to, the detail page's
// neighbours in the library's order, and the regions the shell's skip links jump to.
export { LibraryView } from './LibraryView'
export { useAssetNeighbours } from './use-asset-neighbours'
export { FILTERS_ID, FILTERS_TOGGLE_ID, RESULTS_ID } from './skip-targets'
