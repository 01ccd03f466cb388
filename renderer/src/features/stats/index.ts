// The stats feature's public entry: the Stats page the shell routes to.
export { StatsPage } from './StatsPage'
