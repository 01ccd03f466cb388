import type { Page } from '@playwright/test'

/** How far each frame scrolls, and whether the run stops after a number of frames instead of at the bottom. */
export interface ScrollPace {
  /** Viewport heights per frame (a drag of the scroll bar), or fixed pixels per frame (a wheel or fling). */
  step: { viewports: number } | { pixels: number }
  /** Stop after this many frames; without it the run goes to the bottom (or MAX_MS). */
  frames?: number
}

/** What scrolls: the scrolling element, the items it shows, and which way it scrolls. */
export interface ScrollTarget {
  scroller: string
  item: string
  axis: 'vertical' | 'horizontal'
}

/** The browse grid: its cards, scrolled down. */
export const MEDIA_GRID: ScrollTarget = {
  scroller: '[data-testid="media-grid"]',
  item: '[data-testid="media-card"]',
  axis: 'vertical',
}

/** What one scroll measured. */
export interface ScrollRun {
  /** Milliseconds between consecutive requestAnimationFrame callbacks while scrolling. */
  frames: number[]
  pixelsPerFrame: number
  /** The scrolled length at the end (scrollHeight, or scrollWidth sideways). */
  scrollExtent: number
  /** Which element scrolled: the target's scroller, or what stood in for it. */
  element: string
  itemsAtEnd: number
  reachedBottom: boolean
  /** Milliseconds the scroll waited at the loaded end for the next page, summed. */
  waitedMs: number
}

// Three viewports a frame, as a drag of the scroll bar: every frame shows only new rows (a virtualized grid
// renders no more for a longer jump), and 100,000 assets reach their end in minutes, not a quarter of an hour.
/** The top-to-bottom run the issue asks for. */
export const DRAG_TO_BOTTOM: ScrollPace = { step: { viewports: 3 } }
// A grid that loads keyset pages as its end comes near grows while it is scrolled; at its end the
// scroll waits this long for more rows before calling it the bottom.
const SETTLE_MS = 3000
const MAX_MS = 300_000

/**
 * Scrolls `target` (the grid's `[data-testid="media-grid"]` unless told) from its start, one step of `pace` per
 * animation frame, to its end or for `pace.frames` frames, and samples the time between frames. Without that
 * element (the paged grid before the virtualized one) the items' nearest scrolling ancestor, or the document,
 * stands in, and is named so.
 */
export async function scrollFrames(
  page: Page,
  pace: ScrollPace = DRAG_TO_BOTTOM,
  target: ScrollTarget = MEDIA_GRID,
): Promise<ScrollRun> {
  await page.waitForSelector(target.item)
  // tsx compiles with keepNames: the function below calls an `__name` helper that the page lacks. Given as text,
  // this line is not compiled.
  await page.evaluate('globalThis.__name ??= (fn) => fn')
  return page.evaluate(
    async ({ step: pace, frameLimit, settleMs, maxMs, target }) => {
      const sideways = target.axis === 'horizontal'
      const [at, extent, client] = sideways
        ? (['scrollLeft', 'scrollWidth', 'clientWidth'] as const)
        : (['scrollTop', 'scrollHeight', 'clientHeight'] as const)
      const scroller = document.querySelector<HTMLElement>(target.scroller)
      const scrollsItself = (el: HTMLElement) =>
        /(auto|scroll)/.test(getComputedStyle(el)[sideways ? 'overflowX' : 'overflowY'])
      let ancestor = document.querySelector<HTMLElement>(target.item)?.parentElement ?? null
      while (ancestor && !(scrollsItself(ancestor) && ancestor[extent] > ancestor[client])) {
        ancestor = ancestor.parentElement
      }
      const el = scroller ?? ancestor ?? (document.scrollingElement as HTMLElement)
      const element = scroller
        ? target.scroller
        : `no ${target.scroller}: ${ancestor ? `the items' scrolling ancestor <${el.tagName.toLowerCase()} class="${el.className}">` : 'the document'}`
      el[at] = 0
      const bottom = () => el[extent] - el[client]
      const step = 'pixels' in pace ? pace.pixels : Math.round(el[client] * pace.viewports)
      const frames: number[] = []
      let waitedMs = 0
      let timedOut = false
      await new Promise<void>((resolve) => {
        let last = 0
        // Set while the scroll sits at the loaded end; the frames from then on are dropped if no rows come.
        let atEnd: { since: number; frames: number; height: number } | null = null
        const started = performance.now()
        const tick = (now: number) => {
          if (last > 0) frames.push(now - last)
          last = now
          if (now - started > maxMs) {
            timedOut = true
            return resolve()
          }
          if (frames.length >= frameLimit) return resolve()
          if (el[at] < bottom() - 1) {
            if (atEnd) waitedMs += now - atEnd.since
            atEnd = null
            el[at] += step
          } else if (!atEnd || el[extent] !== atEnd.height) {
            atEnd = { since: now, frames: frames.length, height: el[extent] }
          } else if (now - atEnd.since > settleMs) {
            frames.length = atEnd.frames
            return resolve()
          }
          requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      })
      return {
        frames,
        pixelsPerFrame: step,
        scrollExtent: el[extent],
        element,
        itemsAtEnd: document.querySelectorAll(target.item).length,
        reachedBottom: !timedOut && el[at] >= bottom() - 1,
        waitedMs,
      }
    },
    { step: pace.step, frameLimit: pace.frames ?? Infinity, settleMs: SETTLE_MS, maxMs: MAX_MS, target },
  )
}
