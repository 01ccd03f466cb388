import { useRef, useState, type CSSProperties, type MouseEvent } from 'react'
import { SPRITE_FRAMES, type MediaListItem } from '../../../../shared/contract'
import { posterUrl, spriteUrl } from '../../api/media-urls'
import { isAnimatable } from './asset-facts'

type Scrub = { frame: number; box: CSSProperties }

/**
 * An asset's poster over its placeholder glyph, which shows until the image arrives. Under the pointer, videos
 * scrub through their sprite sheet and GIF/WebP images show their original file, which the browser animates.
 */
export function Poster({ asset, version }: { asset: MediaListItem; version: number }) {
  // Only a failure is state: an image that arrives covers the glyph by itself, so a poster coming in renders
  // nothing (at wheel speed about a hundred arrive a second; a render for each cost 12% of the main thread's
  // time per frame). A newer version retries a failed image; the browser keeps a loaded one on screen until
  // its replacement arrives.
  const [failedVersion, setFailedVersion] = useState<number | undefined>(undefined)
  const failed = failedVersion === version
  const [scrub, setScrub] = useState<Scrub | undefined>(undefined)
  const [hovered, setHovered] = useState(false)
  const image = useRef<HTMLImageElement>(null)
  const id = encodeURIComponent(asset.id)

  function follow(event: MouseEvent<HTMLDivElement>) {
    const img = image.current
    if (!img || img.naturalWidth === 0) return
    const shown = containedRect(img.clientWidth, img.clientHeight, img.naturalWidth, img.naturalHeight)
    const x = (event.clientX - img.getBoundingClientRect().left - shown.left) / shown.width
    const frame = Math.min(SPRITE_FRAMES - 1, Math.max(0, Math.floor(x * SPRITE_FRAMES)))
    setScrub({ frame, box: { left: shown.left, top: shown.top, width: shown.width, height: shown.height } })
  }

  const animated = hovered && isAnimatable(asset)
  return (
    <div
      className="poster"
      // `follow` waits for the image itself: a sprite frame needs its size.
      onMouseMove={asset.mediaType === 'video' && !failed ? follow : undefined}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => {
        setScrub(undefined)
        setHovered(false)
      }}
    >
      <PosterGlyph asset={asset} />
      {!failed && (
        <img
          ref={image}
          src={posterUrl(asset.id, version)}
          alt={asset.name}
          draggable={false}
          // Decoded off the frame that shows it: a scroll does not wait on dozens of JPEG decodes.
          decoding="async"
          onError={() => setFailedVersion(version)}
        />
      )}
      {animated && (
        <img
          className="poster-animation"
          data-testid="poster-animation"
          src={`/media/files/${id}`}
          alt=""
          draggable={false}
        />
      )}
      {scrub && (
        <div
          className="sprite-frame"
          data-testid="sprite-frame"
          data-frame={scrub.frame}
          style={{
            ...scrub.box,
            backgroundImage: `url("${spriteUrl(asset.id, version)}")`,
            backgroundSize: `${SPRITE_FRAMES * 100}% 100%`,
            backgroundPosition: `${(scrub.frame / (SPRITE_FRAMES - 1)) * 100}% 0`,
          }}
        />
      )}
    </div>
  )
}

const GLYPHS = { video: '▶', image: '▧', audio: '♪' }

/** The mark a poster shows until its image is there: a play sign for videos, a picture sign for images, a note for audio. */
export function PosterGlyph({ asset }: { asset: MediaListItem }) {
  return (
    <span className="poster-placeholder" aria-hidden="true">
      {GLYPHS[asset.mediaType]}
    </span>
  )
}

/** Where an image of natural size nw×nh is drawn inside a w×h box with `object-fit: contain`. */
function containedRect(w: number, h: number, nw: number, nh: number) {
  const scale = Math.min(w / nw, h / nh)
  const width = nw * scale
  const height = nh * scale
  return { left: (w - width) / 2, top: (h - height) / 2, width, height }
}
