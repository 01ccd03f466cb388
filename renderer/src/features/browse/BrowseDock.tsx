import { useLayoutEffect, useRef, type ReactNode } from 'react'

/**
 * The bars that come and go over the results (selection, undo, import messages), docked at the
 * bottom of the results area so the grid never moves. Its height is published as
 * `--dock-height` on the area, so the grid can scroll its last row clear of it.
 */
export function BrowseDock({ children }: { children: ReactNode }) {
  const dock = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    const element = dock.current
    const area = element?.parentElement
    if (!element || !area) return
    const publish = () => area.style.setProperty('--dock-height', `${element.offsetHeight}px`)
    publish()
    const observer = new ResizeObserver(publish)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return (
    <div ref={dock} className="browse-dock" data-testid="browse-dock">
      {children}
    </div>
  )
}
