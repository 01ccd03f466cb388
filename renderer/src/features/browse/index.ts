// The browse feature's public entry: the library view the shell routes to, the detail page's
// neighbours in the library's order.
export { LibraryView } from './LibraryView'
export { useAssetNeighbours } from './use-asset-neighbours'
