import type { Page } from '@playwright/test'
import { openOneColumnGrid } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'

// Large cards in a short window: one card a row, ten rows, a grid a little over one row tall.
test.use({ viewport: { width: 900, height: 520 } })

/** What one scroll of the grid saw, frame by frame. */
interface ScrollSeen {
  /** Cards that came in as a plain box (no poster requested yet). */
  waiting: number
  /** Cards (the same elements) that showed a poster image and later a box again: flicker. */
  backToBox: number
  frames: number
}

/**
 * Scrolls the grid from the top to the bottom at `viewportsPerSecond` (by the frames' own clock, so a slow
 * frame on a busy machine scrolls further instead of slowing the scroll down), and watches every card in
 * every frame.
 */
const scrollGrid = (page: Page, viewportsPerSecond: number) =>
  page.getByTestId('media-grid').evaluate(async (grid, viewportsPerSecond): Promise<ScrollSeen> => {
    const seen: ScrollSeen = { waiting: 0, backToBox: 0, frames: 0 }
    const hadImage = new WeakSet<Element>()
    const counted = new WeakSet<Element>()
    const look = () => {
      for (const card of Array.from(grid.querySelectorAll('[data-testid="media-card"]'))) {
        const box = card.querySelector('[data-testid="poster-waiting"]')
        if (box && !counted.has(card)) {
          counted.add(card)
          seen.waiting++
        }
        if (box && hadImage.has(card)) seen.backToBox++
        if (card.querySelector('.poster img')) hadImage.add(card)
      }
    }
    grid.scrollTop = 0
    let last: number | undefined
    await new Promise<void>((resolve) => {
      const tick = (now: number) => {
        look()
        seen.frames++
        if (grid.scrollTop >= grid.scrollHeight - grid.clientHeight - 1) return resolve()
        if (last !== undefined)
          grid.scrollTop += Math.max(1, (grid.clientHeight * viewportsPerSecond * (now - last)) / 1000)
        last = now
        requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
    look()
    return seen
  }, viewportsPerSecond)

/** Whether the grid's visible area has cards and every one of them shows its loaded poster image. */
const visiblePostersLoaded = (page: Page) =>
  page.getByTestId('media-grid').evaluate((grid) => {
    const area = grid.getBoundingClientRect()
    const visible = Array.from(grid.querySelectorAll<HTMLElement>('[data-testid="media-card"]')).filter((card) => {
      const box = card.getBoundingClientRect()
      return box.bottom > area.top && box.top < area.bottom
    })
    const loaded = (card: HTMLElement) => {
      const img = card.querySelector<HTMLImageElement>('.poster img')
      return img !== null && img.complete && img.naturalWidth > 0
    }
    return visible.length > 0 && visible.every(loaded)
  })

test('a fast scroll shows light boxes while it moves and every visible poster once it stops', async ({
  page,
  webHost,
}) => {
  const grid = await openOneColumnGrid(page, webHost)

  // A scroll-bar drag: 60 viewports a second (one a frame at 60 fps). The cards it brings in come as boxes, none
  // that had a poster.
  const fast = await scrollGrid(page, 60)
  expect(fast.frames).toBeGreaterThan(4)
  expect(fast.waiting, 'cards mounted as light boxes during the fast scroll').toBeGreaterThan(0)
  expect(fast.backToBox, 'cards that showed a poster and then a box again').toBe(0)

  // Stopped at the bottom: the boxes turn into posters without any further scroll or pointer move.
  await expect(grid.getByTestId('poster-waiting')).toHaveCount(0)
  await expect.poll(() => visiblePostersLoaded(page)).toBe(true)
  await page.screenshot({ path: `${SCREENS}/grid-fast-scroll-settled.png` })
})

test('a scroll at wheel speed requests posters as cards come in, never boxes', async ({ page, webHost }) => {
  await openOneColumnGrid(page, webHost)

  // 11 viewports a second: the bench's wheel (120 px a frame at 60 fps in a 620 px grid). Under half the fast
  // speed, but single scroll events come a few milliseconds apart now and then.
  // Five runs down, for more of those close pairs; apart by more than a speed's time window, so going back to
  // the top is no jump.
  for (let run = 0; run < 5; run++) {
    const slow = await scrollGrid(page, 11)
    expect(slow.waiting, `cards that came in as boxes in run ${run + 1}`).toBe(0)
    expect(slow.backToBox).toBe(0)
    await page.waitForTimeout(300)
  }
  await expect.poll(() => visiblePostersLoaded(page)).toBe(true)
})
