import { useBackendQuery } from '../../api/queries'

/** An asset's subtitle tracks with their cues (`subtitles:list`). */
export function useSubtitles(assetId: string) {
  return useBackendQuery('subtitles:list', { assetId }, { asset: assetId })
}
