import { useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react'
import type { CommentRegion } from '../../../../shared/contract'
import { usePlayerTime, type Player } from '../../ui/use-player-time'
import { useCommentFocus } from './comment-focus'
import { pictureBox, regionBetween, type Box } from './picture-box'
import { useAssetComments } from './use-comments'

const NO_PLAYER: Player = { current: null }
// A press that moved less than this (as a share of the picture) is not a region.
const SMALLEST = 0.01

/**
 * Over the picture (placed on the picture itself, not its element, so a letterboxed video's bars do not shift it):
 * the picked comment's region while the player is paused, the region drawn for the next comment, and, while the
 * Area tool is on, the surface a rectangle is dragged on (Escape cancels). A child of the player's box.
 */
export function RegionOverlay({ assetId, media }: { assetId: string; media: Player | null }) {
  const layer = useRef<HTMLDivElement>(null)
  const box = usePictureBox(layer)
  const { focused, pickedIn, drawing, setDrawing, draft, setDraft } = useCommentFocus()
  const comments = useAssetComments(assetId).data?.comments
  const { playing } = usePlayerTime(media ?? NO_PLAYER)
  const [band, setBand] = useState<CommentRegion | null>(null)
  const start = useRef<{ x: number; y: number } | null>(null)

  useEffect(() => {
    if (!drawing) return
    // In the capture phase, and marked handled: the asset page's own Escape (back to the library) must not act too.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      event.preventDefault()
      event.stopPropagation()
      start.current = null
      setBand(null)
      setDrawing(false)
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [drawing, setDrawing])

  const picked = comments?.find((one) => one.id === focused && one.region && !one.deleted)
  const pickedId = pickedIn === 'panel' ? picked?.id : undefined
  useEffect(() => {
    // Picked in the panel (under the player in a narrow window): the picture comes into view to show the region.
    if (pickedId !== undefined) layer.current?.scrollIntoView({ block: 'nearest' })
  }, [pickedId])
  const bandAt = (event: PointerEvent<HTMLDivElement>) =>
    regionBetween(event.currentTarget.getBoundingClientRect(), start.current!, { x: event.clientX, y: event.clientY })
  const drawingHandlers = drawing && {
    onPointerDown: (event: PointerEvent<HTMLDivElement>) => {
      if (event.button !== 0) return
      event.currentTarget.setPointerCapture(event.pointerId)
      start.current = { x: event.clientX, y: event.clientY }
      setBand(bandAt(event))
    },
    onPointerMove: (event: PointerEvent<HTMLDivElement>) => start.current && setBand(bandAt(event)),
    onPointerUp: (event: PointerEvent<HTMLDivElement>) => {
      if (!start.current) return
      const region = bandAt(event)
      start.current = null
      setBand(null)
      if (region.w < SMALLEST || region.h < SMALLEST) return
      setDraft({ region, at: media?.current ? media.current.currentTime : null })
      setDrawing(false)
    },
  }
  return (
    <div
      ref={layer}
      className={drawing ? 'region-layer drawing' : 'region-layer'}
      style={box ?? { display: 'none' }}
      data-testid="region-layer"
      {...(drawing && { role: 'application', 'aria-label': 'Drag over the picture to mark an area; Escape cancels' })}
      {...drawingHandlers}
    >
      {drawing && <span className="region-hint">Drag over the picture · Esc cancels</span>}
      {band && <RegionMark region={band} className="region-mark drawing" />}
      {!band && draft && <RegionMark region={draft.region} className="region-mark draft" testId="draft-region" />}
      {!band && picked?.region && !playing && (
        <RegionMark region={picked.region} className="region-mark" testId="comment-region" label={picked.author.name} />
      )}
    </div>
  )
}

function RegionMark(props: { region: CommentRegion; className: string; testId?: string; label?: string }) {
  const { region, className, testId, label } = props
  const percent = (share: number) => `${share * 100}%`
  return (
    <div
      className={className}
      data-testid={testId}
      data-region={`${region.x},${region.y},${region.w},${region.h}`}
      style={{ left: percent(region.x), top: percent(region.y), width: percent(region.w), height: percent(region.h) }}
    >
      {label && <span className="region-label">{label}</span>}
    </div>
  )
}

/** Where the picture is in the layer's parent (the player's box), measured again as it loads, resizes or scrolls. */
function usePictureBox(layer: RefObject<HTMLDivElement | null>): Box | null {
  const [box, setBox] = useState<Box | null>(null)
  useEffect(() => {
    const frame = layer.current?.parentElement
    if (!frame) return
    const measure = () =>
      setBox((old) => {
        const now = pictureBox(frame)
        return old && now && sameBox(old, now) ? old : now
      })
    const observer = new ResizeObserver(measure)
    observer.observe(frame)
    const picture = frame.querySelector('video, img')
    if (picture) observer.observe(picture)
    // Media and scroll events do not bubble: heard in the capture phase.
    const events = ['loadedmetadata', 'resize', 'load', 'scroll']
    for (const name of events) frame.addEventListener(name, measure, true)
    measure()
    return () => {
      observer.disconnect()
      for (const name of events) frame.removeEventListener(name, measure, true)
    }
  }, [layer])
  return box
}

const sameBox = (a: Box, b: Box) => a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height
