import type { Page } from '@playwright/test'
import { openOneColumnGrid } from './web-api'
import { expect, test } from './web-host-fixture'

// Large cards in a short window: one card a row, so ten assets are many more rows than are rendered.
test.use({ viewport: { width: 900, height: 600 } })

/**
 * Remembers each shown card's props object, or those of the element `part` selects in it. React keeps an
 * element's current props under a `__reactProps$…` key and replaces that object only when the element rendered
 * again, so a card whose object is still the same afterwards was not rendered again.
 */
const rememberCards = (page: Page, part = ':scope') =>
  page.evaluate((part) => {
    const seen = new Map<string, unknown>()
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="media-card"]'))) {
      const element = card.querySelector(part) ?? card
      const key = Object.keys(element).find((name) => name.startsWith('__reactProps$'))!
      seen.set(card.dataset.assetId!, (element as unknown as Record<string, unknown>)[key])
    }
    ;(window as unknown as { fvCards: Map<string, unknown> }).fvCards = seen
    return [...seen.keys()]
  }, part)

/** The cards shown now, split by whether they were remembered and, if so, whether they (or `part`) rendered again. */
const cardsSinceRemembered = (page: Page, part = ':scope') =>
  page.evaluate((part) => {
    const seen = (window as unknown as { fvCards: Map<string, unknown> }).fvCards
    const result = { kept: [] as string[], rendered: [] as string[], added: [] as string[] }
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="media-card"]'))) {
      const element = card.querySelector(part) ?? card
      const key = Object.keys(element).find((name) => name.startsWith('__reactProps$'))!
      const id = card.dataset.assetId!
      if (!seen.has(id)) result.added.push(id)
      else if (seen.get(id) === (element as unknown as Record<string, unknown>)[key]) result.kept.push(id)
      else result.rendered.push(id)
    }
    return result
  }, part)

test('scrolling the grid renders the cards that come into view, not again the cards already shown', async ({
  page,
  webHost,
}) => {
  const grid = await openOneColumnGrid(page, webHost)
  const before = await rememberCards(page)

  // One row down: a row comes in below, so the grid renders again with a new range of rows.
  await grid.evaluate((el) => {
    el.scrollTop += el.querySelector<HTMLElement>('.grid-row')!.offsetHeight
  })
  await expect.poll(async () => (await cardsSinceRemembered(page)).added.length).toBeGreaterThan(0)
  const after = await cardsSinceRemembered(page)
  expect(after.rendered, `cards rendered again although their asset, selection and focus stayed`).toEqual([])
  expect(after.kept.length).toBeGreaterThan(0)
  expect(before).toEqual(expect.arrayContaining(after.kept))

  // Selecting a card renders that card again (its selection changed), and no other.
  const first = page.getByTestId('media-card').first()
  await rememberCards(page)
  await first.click()
  await expect(first).toHaveClass(/selected/)
  const clicked = await first.getAttribute('data-asset-id')
  expect((await cardsSinceRemembered(page)).rendered).toEqual([clicked])
})

test('a poster image that arrives renders nothing again: it covers the glyph by itself', async ({ page, webHost }) => {
  const grid = await openOneColumnGrid(page, webHost)
  // The posters of the cards a scroll brings in are held back until their cards are remembered.
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/media/thumbs/**', async (route) => {
    await held
    await route.continue()
  })
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight))
  const waiting = (images: Element[]) => images.filter((img) => !(img as HTMLImageElement).complete).length
  await expect.poll(() => grid.locator('.poster img').evaluateAll(waiting)).toBeGreaterThan(0)
  await rememberCards(page, '.poster')

  release()
  await expect.poll(() => grid.locator('.poster img').evaluateAll(waiting)).toBe(0)
  const shown = (images: Element[]) => images.every((img) => (img as HTMLImageElement).naturalWidth > 0)
  expect(await grid.locator('.poster img').evaluateAll(shown)).toBe(true)
  const after = await cardsSinceRemembered(page, '.poster')
  expect(after.rendered, 'posters rendered again when their image arrived').toEqual([])
  expect(after.kept.length).toBeGreaterThan(0)
})
