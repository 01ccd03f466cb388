import type { MediaListItem } from '../../../../shared/contract'
import { formatBytes } from '../../format'
import { posterUrl } from '../../api/media-urls'
import { useThumbnailVersion } from '../../api/thumbnail-versions'
import { Overlay } from '../../ui/Overlay'
import { codecName } from './asset-facts'

/** A quick look at one asset (space): the playing video, the full image or the sound under its waveform; Escape or space closes it. */
export function QuickLook({ asset, onClose, onOpen }: { asset: MediaListItem; onClose(): void; onOpen(): void }) {
  const file = `/media/files/${encodeURIComponent(asset.id)}`
  const version = useThumbnailVersion(asset.id)
  const poster = posterUrl(asset.id, version)
  const facts = [asset.resolution, codecName(asset), asset.sizeBytes === null ? null : formatBytes(asset.sizeBytes)]
  return (
    <Overlay label={`Preview of ${asset.name}`} onClose={onClose}>
      <div className="quick-look" data-testid="quick-look">
        {asset.mediaType === 'video' && <video src={file} poster={poster} autoPlay muted loop controls />}
        {asset.mediaType === 'image' && <img src={file} alt={asset.name} />}
        {asset.mediaType === 'audio' && (
          <div className="quick-look-audio">
            <img src={poster} alt={`Waveform of ${asset.name}`} />
            <audio src={file} autoPlay controls />
          </div>
        )}
        <div className="quick-look-caption">
          <strong>{asset.name}</strong>
          <span className="media-facts">{facts.filter(Boolean).join(' · ')}</span>
          <button type="button" onClick={onOpen}>
            Open details
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Overlay>
  )
}
