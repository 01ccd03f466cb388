import { useState, type ReactNode, type RefObject, type SyntheticEvent } from 'react'
import type { DetailAsset } from './use-asset'
import { posterUrl } from '../../api/media-urls'
import { ImageViewer } from './ImageViewer'
import { codecName, playbackProblem } from './playback-problem'

type MediaRef = RefObject<HTMLMediaElement | null>

/**
 * The asset itself: a video player with its poster, an audio player under the sound's waveform, or
 * the picture (animated ones play) with zoom. `mediaRef` lets the page seek the player (the analysis timeline);
 * `startAt` is where the player starts (a search hit's cue or word on screen); `overlay` lies over the picture (a
 * video's or an image's, not a waveform's).
 */
export function AssetPlayer({
  asset,
  version,
  mediaRef,
  startAt,
  overlay,
}: {
  asset: DetailAsset
  version?: number
  mediaRef?: MediaRef
  startAt?: number | null
  overlay?: ReactNode
}) {
  const src = `/media/files/${encodeURIComponent(asset.id)}`
  if (asset.mediaType === 'image') return <ImageViewer key={asset.id} src={src} asset={asset} overlay={overlay} />
  const played = { src, asset, version, mediaRef, startAt }
  if (asset.mediaType === 'audio') return <AudioPlayer key={asset.id} {...played} />
  return <VideoPlayer key={asset.id} {...played} overlay={overlay} />
}

interface PlayerProps {
  src: string
  asset: DetailAsset
  version?: number
  mediaRef?: MediaRef
  startAt?: number | null
  overlay?: ReactNode
}

/** Moves a player that has just read its file's length (once per file) to `startAt`. */
const startThere = (startAt?: number | null) => (event: SyntheticEvent<HTMLMediaElement>) => {
  const player = event.currentTarget
  if (startAt) player.currentTime = Math.min(startAt, player.duration || startAt)
}

/** Hands the element to the page's ref (a <video> or <audio> is a media element either way). */
const toRef = (mediaRef?: MediaRef) => (element: HTMLMediaElement | null) => {
  if (mediaRef) mediaRef.current = element
}

function AudioPlayer({ src, asset, version, mediaRef, startAt }: PlayerProps) {
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <div className="detail-player detail-player-audio">
      <img
        className="audio-waveform"
        src={posterUrl(asset.id, version)}
        alt={`Waveform of ${asset.name}`}
        onError={(event) => (event.currentTarget.hidden = true)}
      />
      {problem ? (
        <p role="alert">{problem}</p>
      ) : (
        <audio
          ref={toRef(mediaRef)}
          className="detail-audio"
          src={src}
          controls
          preload="metadata"
          aria-label={`Player: ${asset.name}`}
          onLoadedMetadata={startThere(startAt)}
          onError={(event) => {
            void playbackProblem(src, asset, event.currentTarget.error).then(setProblem)
          }}
        />
      )}
    </div>
  )
}

function VideoPlayer({ src, asset, version, mediaRef, startAt, overlay }: PlayerProps) {
  const [problem, setProblem] = useState<string | null>(null)
  const poster = posterUrl(asset.id, version)
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
        ref={toRef(mediaRef)}
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
          startThere(startAt)(event)
          // Chromium plays the sound of a file whose picture it cannot decode (HEVC, ProRes) over a black box.
          if (event.currentTarget.videoWidth === 0 && asset.resolution) {
            setProblem(`This browser cannot play ${codecName(asset)} video; the file is fine.`)
          }
        }}
      />
      {overlay}
    </div>
  )
}
