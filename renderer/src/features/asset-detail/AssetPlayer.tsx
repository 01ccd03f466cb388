import { useState } from 'react'
import type { DetailAsset } from './use-asset'
import { ImageViewer } from './ImageViewer'
import { playbackProblem } from './playback-problem'

/** The asset itself: a video player with its poster, or the picture (animated ones play) with zoom. */
export function AssetPlayer({ asset, version }: { asset: DetailAsset; version?: number }) {
  const src = `/media/files/${encodeURIComponent(asset.id)}`
  if (asset.mediaType === 'image') return <ImageViewer key={asset.id} src={src} asset={asset} />
  return <VideoPlayer key={asset.id} src={src} asset={asset} version={version} />
}

function VideoPlayer({ src, asset, version }: { src: string; asset: DetailAsset; version?: number }) {
  const [problem, setProblem] = useState<string | null>(null)
  const poster = `/media/thumbs/${encodeURIComponent(asset.id)}/poster.jpg${version ? `?v=${version}` : ''}`
  if (problem) {
    return (
      <div className="detail-player detail-player-problem" role="alert">
        <p>{problem}</p>
      </div>
    )
  }
  return (
    <div className="detail-player">
      <video
        className="detail-video"
        src={src}
        poster={poster}
        controls
        preload="metadata"
        aria-label={`Player: ${asset.name}`}
        onError={(event) => {
          void playbackProblem(src, asset, event.currentTarget.error).then(setProblem)
        }}
      />
    </div>
  )
}
