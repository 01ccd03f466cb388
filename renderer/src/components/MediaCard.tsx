import { codecDisplayName } from '../../../shared/codec-names'
import type { MediaAsset } from '../../../shared/contract'
import { formatBytes, formatDuration } from '../format'
import { useAppStore } from '../store/use-app-store'
import { Poster } from './Poster'

/** One asset in the grid: its poster (scrubbable for videos), name and technical facts. */
export function MediaCard({ asset }: { asset: MediaAsset }) {
  const version = useAppStore((s) => s.thumbnailVersions[asset.id] ?? 0)
  const facts = [
    asset.resolution,
    // Only videos and animated images have a duration; stills are stored without one.
    asset.durationSeconds !== null ? formatDuration(asset.durationSeconds) : null,
    codecName(asset),
    asset.sizeBytes !== null ? formatBytes(asset.sizeBytes) : null,
  ].filter((fact): fact is string => Boolean(fact))

  return (
    <li className="media-card" data-testid="media-card" data-asset-id={asset.id}>
      <Poster asset={asset} version={version} />
      <div className="media-name" title={asset.name}>
        {asset.name}
      </div>
      <div className="media-facts" data-testid="media-facts">
        {facts.map((fact) => (
          <span key={fact}>{fact}</span>
        ))}
      </div>
      {asset.error && (
        <div className="media-error" title={asset.error}>
          {asset.error}
        </div>
      )}
    </li>
  )
}

/** The codec as people say it ("H.264", "JPEG"); rows imported before names were stored are named from `codec`. */
function codecName(asset: MediaAsset): string | null {
  const stored = asset.metadata?.videoCodecName
  if (typeof stored === 'string') return stored
  const profile = asset.metadata?.videoProfile
  return codecDisplayName(asset.codec, {
    mediaType: asset.mediaType,
    profile: typeof profile === 'string' ? profile : null,
  })
}
