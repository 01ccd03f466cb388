import type { CommentRegion } from '../../../../shared/contract'

/** A rectangle in CSS pixels, relative to the player's box. */
export interface Box {
  left: number
  top: number
  width: number
  height: number
}

/**
 * Where the picture itself is drawn inside `frame` (the player's box): a video's frame within its element, which
 * letterboxes it (object-fit: contain), or an image's element (which a zoom may make larger than the view).
 * Null while the picture's size is not known.
 */
export function pictureBox(frame: HTMLElement): Box | null {
  const outer = frame.getBoundingClientRect()
  const video = frame.querySelector('video')
  if (video) {
    if (!video.videoWidth || !video.videoHeight) return null
    const box = video.getBoundingClientRect()
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight)
    const width = video.videoWidth * scale
    const height = video.videoHeight * scale
    return {
      left: box.left - outer.left + (box.width - width) / 2,
      top: box.top - outer.top + (box.height - height) / 2,
      width,
      height,
    }
  }
  const image = frame.querySelector('img')
  if (!image || !image.naturalWidth) return null
  const box = image.getBoundingClientRect()
  return { left: box.left - outer.left, top: box.top - outer.top, width: box.width, height: box.height }
}

const clamp = (value: number) => Math.min(1, Math.max(0, value))
const round = (value: number) => Math.round(value * 10_000) / 10_000

/** The region between two points of the picture (client coordinates), as fractions of the picture's size. */
export function regionBetween(
  picture: DOMRect,
  from: { x: number; y: number },
  to: { x: number; y: number },
): CommentRegion {
  const [x1, x2] = [from.x, to.x].map((x) => clamp((x - picture.left) / picture.width)).sort((a, b) => a - b)
  const [y1, y2] = [from.y, to.y].map((y) => clamp((y - picture.top) / picture.height)).sort((a, b) => a - b)
  const x = round(x1)
  const y = round(y1)
  return { x, y, w: Math.min(round(x2 - x1), 1 - x), h: Math.min(round(y2 - y1), 1 - y) }
}
