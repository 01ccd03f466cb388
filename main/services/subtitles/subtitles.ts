import type { SubtitleTrack } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../app/library-context'

/** An asset's subtitle tracks with their cues (`subtitles:list`); not_found for an unknown asset. */
export function subtitlesOf(lib: Pick<Library, 'repos'>, assetId: string): SubtitleTrack[] {
  if (!lib.repos.media.fileOf(assetId)) throw new AppError('not_found', `No asset ${assetId}.`)
  return lib.repos.subtitles.list(assetId)
}
