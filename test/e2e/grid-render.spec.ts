import type { Page } from '@playwright/test'
import { openOneColumnGrid } from './web-api'
import { expect, test } from './web-host-fixture'

// Large cards in a short window: one card a row, so ten assets are many more rows than are rendered.
test.use({ viewport: { width: 900, height: 600 } })

/**
 * Remembers each shown card's props object. React keeps an element's current props under a
 * `__reactProps$…` key and replaces that object only when the element rendered again, so a card
 * whose object is still the same afterwards was not rendered again.
 */
const rememberCards = (page: Page) =>
  page.evaluate(() => {
    const seen = new Map<string, unknown>()
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="media-card"]'))) {
      const key = Object.keys(card).find((name) => name.startsWith('__reactProps$'))!
      seen.set(card.dataset.assetId!, (card as unknown as Record<string, unknown>)[key])
    }
    ;(window as unknown as { fvCards: Map<string, unknown> }).fvCards = seen
    return [...seen.keys()]
  })

/** The cards shown now, split by whether they were remembered and, if so, whether they rendered again. */
const cardsSinceRemembered = (page: Page) =>
  page.evaluate(() => {
    const seen = (window as unknown as { fvCards: Map<string, unknown> }).fvCards
    const result = { kept: [] as string[], rendered: [] as string[], added: [] as string[] }
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="media-card"]'))) {
      const key = Object.keys(card).find((name) => name.startsWith('__reactProps$'))!
      const id = card.dataset.assetId!
      if (!seen.has(id)) result.added.push(id)
      else if (seen.get(id) === (card as unknown as Record<string, unknown>)[key]) result.kept.push(id)
      else result.rendered.push(id)
    }
    return result
  })

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
