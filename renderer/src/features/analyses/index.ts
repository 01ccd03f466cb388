import './analyses.css'
import './analysis-lanes.css'
import './plugin-caches.css'
import './plugin-rows-adopt.css'

// The analyses feature's public entry: what the asset detail renders (the timeline under its
// player, the Analyses section beside it, both over one useAnalyses).
export { AnalysesPage } from './AnalysesPage'
export { AnalysesSection } from './AnalysesSection'
export { AnalysisTimeline } from './AnalysisTimeline'
// Lanes over a time ruler with a playhead, for other timelines under the player (features/subtitles).
export { LaneStack, type StackLane } from './LaneStack'
export { useAnalyses } from './use-analyses'
export { PluginCachesPage } from './PluginCachesPage'
// The run form's analyzers, fields and checks, for the batch form (features/batches).
export { ANALYZERS, configFields, configProblem } from './analysis-view'
