import './subtitles.css'

// The subtitles feature's public entry: the section under the asset detail's player, and an asset's tracks and
// their names for the pipelines' filmstrip, which lays the cues under its frames.
export { SubtitlesSection } from './SubtitlesSection'
export { trackName } from './subtitle-words'
export { useSubtitles } from './use-subtitles'
