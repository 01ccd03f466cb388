import { useState } from 'react'
import type { WorkflowMedia } from '../../../../shared/contract'
import { useThumbnailVersion } from '../../api/thumbnail-versions'
import { posterUrl } from '../../api/media-urls'
import { shortId } from './workflow-view'

/** Assets of a node or run as posters linking to their pages, each with its run and role when asked. */
export function MediaTiles({
  items,
  label,
  showExecution = true,
}: {
  items: readonly WorkflowMedia[]
  label: string
  showExecution?: boolean
}) {
  return (
    <ul className="wf-tiles" aria-label={label}>
      {items.map((item) => (
        <li key={`${item.nodeId}/${item.asset.id}`}>
          <a href={`#/asset/${encodeURIComponent(item.asset.id)}`} title={item.asset.name}>
            <TileImage assetId={item.asset.id} kind={item.asset.mediaType} />
            <span className="wf-tile-name">{item.asset.name}</span>
          </a>
          <span className="wf-tile-facts muted">
            {item.role}
            {showExecution && item.executionId && (
              <>
                {' · run '}
                <a href={`#/execution/${encodeURIComponent(item.executionId)}`} title={item.executionId}>
                  {shortId(item.executionId)}
                </a>
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  )
}

const GLYPHS = { video: '▶', image: '▧', audio: '♪' }

/**
 * An asset's poster; one not made yet (or an asset without one, like a sound) shows the kind's sign instead,
 * until the asset's next `media:thumbnails` event asks again.
 */
export function TileImage({ assetId, kind }: { assetId: string; kind: keyof typeof GLYPHS }) {
  const version = useThumbnailVersion(assetId)
  const [failedVersion, setFailedVersion] = useState<number | null>(null)
  return (
    <span className="wf-tile-poster">
      {failedVersion === version ? (
        <span aria-hidden="true">{GLYPHS[kind]}</span>
      ) : (
        <img
          src={posterUrl(assetId, version)}
          alt=""
          loading="lazy"
          decoding="async"
          onError={() => setFailedVersion(version)}
        />
      )}
    </span>
  )
}
