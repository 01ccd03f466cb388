import { useBackendQuery } from '../../api/queries'

// An asset's tracks change when an import or a re-read writes them, and go and come back with the asset.
const SUBTITLE_TABLES = ['subtitle_tracks'] as const

/** An asset's subtitle tracks with their cues (`subtitles:list`). */
export function useSubtitles(assetId: string) {
  return useBackendQuery('subtitles:list', { assetId }, { tables: SUBTITLE_TABLES, asset: assetId })
}
