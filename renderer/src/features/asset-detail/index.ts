// The asset detail feature's public entry: the detail page the shell routes to.
export { AssetDetailPage } from './AssetDetailPage'
