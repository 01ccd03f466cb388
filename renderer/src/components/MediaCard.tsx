import type { MediaAsset } from '../../../shared/contract'
import { formatBytes, formatDuration } from '../format'
import { useAppStore } from '../store/use-app-store'
import { Poster } from './Poster'

/** One asset in the grid: its poster (scrubbable for videos), name and technical facts. */
export function MediaCard({ asset }: { asset: MediaAsset }) {
  const version = useAppStore((s) => s.thumbnailVersions[asset.id] ?? 0)
  const facts = [
    asset.resolution,
    asset.mediaType === 'video' && asset.durationSeconds !== null ? formatDuration(asset.durationSeconds) : null,
    asset.codec,
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
      {asset.error && <div className="media-error">{asset.error}</div>}
    </li>
  )
}
