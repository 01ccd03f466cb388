import { useEffect, useRef, useState, type PointerEvent, type ReactNode } from 'react'
import type { DetailAsset } from './use-asset'
import { pictureProblem } from './playback-problem'
import { clampScale, fitScale, zoomStep } from './zoom'
import { sizeOf } from '../../ui/resolution'

type Size = { width: number; height: number }

/** The viewer's largest height, as a share of the window's (the CSS max-height says the same). */
const MAX_VIEW_HEIGHT = 0.7

/**
 * A picture at full size with zoom: fit (the default), 100 %, the wheel or +/- to zoom, and
 * drag to pan once it is larger than the view. Animated GIF and WebP play as they are. `overlay` lies over it.
 */
export function ImageViewer({ src, asset, overlay }: { src: string; asset: DetailAsset; overlay?: ReactNode }) {
  const view = useRef<HTMLDivElement>(null)
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null)
  // The stored size until the picture has loaded: its place is kept from the start, so nothing below it moves.
  const [natural, setNatural] = useState<Size | null>(() => sizeOf(asset.resolution))
  const [scale, setScale] = useState<number | 'fit'>('fit')
  const [problem, setProblem] = useState<string | null>(null)

  const [viewSize, setViewSize] = useState<Size>({ width: 1, height: 1 })

  useEffect(() => {
    const el = view.current
    if (!el) return
    // The view grows with the picture up to 70% of the window's height, so fit measures against that.
    const measure = () =>
      setViewSize({ width: el.clientWidth, height: Math.round(window.innerHeight * MAX_VIEW_HEIGHT) })
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    window.addEventListener('resize', measure)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', measure)
    }
  }, [])

  const fit = natural ? fitScale(natural, viewSize) : 1
  const shown = scale === 'fit' ? fit : scale
  const zoomTo = (next: number) => setScale(clampScale(next))

  const wheelZoom = useRef<(direction: 1 | -1) => void>(() => {})
  useEffect(() => {
    wheelZoom.current = (direction) => {
      if (natural) setScale(clampScale(zoomStep(shown, direction)))
    }
  })
  useEffect(() => {
    const el = view.current
    if (!el) return
    // Not React's onWheel: that listener is passive, and the page would scroll while the picture zooms.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault()
      wheelZoom.current(event.deltaY < 0 ? 1 : -1)
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [])
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const el = view.current
    if (!el || (el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)) return
    drag.current = { x: event.clientX, y: event.clientY, left: el.scrollLeft, top: el.scrollTop }
    el.setPointerCapture(event.pointerId)
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current
    if (!start || !view.current) return
    view.current.scrollLeft = start.left - (event.clientX - start.x)
    view.current.scrollTop = start.top - (event.clientY - start.y)
  }

  if (problem) {
    return (
      <div className="detail-player detail-player-problem" role="alert">
        <p>{problem}</p>
      </div>
    )
  }
  return (
    <div className="detail-player detail-image">
      <div className="zoom-bar" role="toolbar" aria-label="Zoom">
        <button type="button" onClick={() => setScale('fit')} aria-pressed={scale === 'fit'}>
          Fit
        </button>
        <button type="button" onClick={() => setScale(1)} aria-pressed={scale === 1}>
          100%
        </button>
        <button type="button" onClick={() => zoomTo(zoomStep(shown, -1))} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={() => zoomTo(zoomStep(shown, 1))} aria-label="Zoom in">
          +
        </button>
        <output className="zoom-level" data-testid="zoom-level">
          {Math.round(shown * 100)}%
        </output>
      </div>
      <div
        ref={view}
        className={`image-view${shown > fit ? ' pannable' : ''}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = null)}
        onPointerCancel={() => (drag.current = null)}
      >
        <img
          src={src}
          alt={asset.name}
          draggable={false}
          data-scale={shown}
          // Whole pixels: a fitted picture a fraction wider than the view would get scroll bars.
          style={
            natural
              ? { width: Math.floor(natural.width * shown), height: Math.floor(natural.height * shown) }
              : undefined
          }
          onLoad={(event) =>
            setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })
          }
          onError={() => void pictureProblem(src, asset).then(setProblem)}
        />
      </div>
      {overlay}
    </div>
  )
}
