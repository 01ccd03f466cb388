import './subtitles.css'

// The subtitles feature's public entry: the section under the asset detail's player.
export { SubtitlesSection } from './SubtitlesSection'
