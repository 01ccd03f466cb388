import { useState, type RefObject } from 'react'
import type { DetailAsset } from './use-asset'
import { ImageViewer } from './ImageViewer'
import { codecName, playbackProblem } from './playback-problem'

/**
 * The asset itself: a video player with its poster, or the picture (animated ones play) with zoom.
 * `videoRef` lets the page seek the video (the analysis timeline).
 */
export function AssetPlayer({
  asset,
  version,
  videoRef,
}: {
  asset: DetailAsset
  version?: number
  videoRef?: RefObject<HTMLVideoElement | null>
}) {
  const src = `/media/files/${encodeURIComponent(asset.id)}`
  if (asset.mediaType === 'image') return <ImageViewer key={asset.id} src={src} asset={asset} />
  return <VideoPlayer key={asset.id} src={src} asset={asset} version={version} videoRef={videoRef} />
}

function VideoPlayer(props: {
  src: string
  asset: DetailAsset
  version?: number
  videoRef?: RefObject<HTMLVideoElement | null>
}) {
  const { src, asset, version, videoRef } = props
  const [problem, setProblem] = useState<string | null>(null)
  const poster = `/media/thumbs/${encodeURIComponent(asset.id)}/poster.jpg${version ? `?v=${version}` : ''}`
  if (problem) {
    return (
      <div className="detail-player detail-player-problem" role="alert">
        <img className="problem-poster" src={poster} alt="" onError={(event) => (event.currentTarget.hidden = true)} />
        <p>{problem}</p>
      </div>
    )
  }
  return (
    <div className="detail-player">
      <video
        ref={videoRef}
        className="detail-video"
        src={src}
        poster={poster}
        controls
        preload="metadata"
        aria-label={`Player: ${asset.name}`}
        onError={(event) => {
          void playbackProblem(src, asset, event.currentTarget.error).then(setProblem)
        }}
        onLoadedMetadata={(event) => {
          // Chromium plays the sound of a file whose picture it cannot decode (HEVC, ProRes) over a black box.
          if (event.currentTarget.videoWidth === 0 && asset.resolution) {
            setProblem(`This browser cannot play ${codecName(asset)} video; the file is fine.`)
          }
        }}
      />
    </div>
  )
}
