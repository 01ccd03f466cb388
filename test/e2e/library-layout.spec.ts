import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { dropFiles, throttleUploads } from './import-helpers'
import { BROWSE_MEDIA, openWithImported } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()
// Not among BROWSE_MEDIA, so they import cleanly (no duplicates); ~0.85 MB, a few seconds at the throttled upload.
const SLOW_DROP = [fixtures.blackFreeze, fixtures.vp8Webm, fixtures.collisionA].map((file) => ({
  name: path.basename(file),
  type: file.endsWith('.webm') ? 'video/webm' : 'video/mp4',
  path: file,
}))

/** Where an element's top is within the library page (not the viewport: the narrow layout scrolls the page). */
const documentTop = (locator: Locator) =>
  locator.evaluate(
    (element) =>
      element.getBoundingClientRect().top -
      document.querySelector('[data-testid="drop-zone"]')!.getBoundingClientRect().top,
  )

for (const size of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  const at = `${size.width}x${size.height}`

  test(`at ${at} the grid's top stays put: imports fold into the head, selection and undo bars float at the bottom`, async ({
    page,
    webHost,
  }) => {
    test.setTimeout(90_000)
    await page.setViewportSize(size)
    await openWithImported(page, webHost, BROWSE_MEDIA)
    const grid = page.getByTestId('media-grid')
    const top = await documentTop(grid)
    // The title, one line of imports and the toolbar: it started at y≈550 with panel and bars stacked above it.
    if (size.width === 1440) expect(top).toBeLessThan(200)

    // A finished import is one line beside the title.
    const toggle = page.getByTestId('import-panel-toggle')
    const summary = page.getByTestId('import-summary')
    await expect(summary).toHaveText('done 1')
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect((await page.getByTestId('import-panel').boundingBox())!.height).toBeLessThan(48)
    await page.screenshot({ path: `${SCREENS}/layout-${at}-imported.png` })

    // A running import shows a thin progress bar in that line; opened, the panel floats over the grid and folds
    // by itself a few seconds after the import ends cleanly, its summary still there.
    await throttleUploads(page, 256 * 1024)
    await dropFiles(page, SLOW_DROP)
    await expect(page.getByRole('progressbar', { name: 'Imports' })).toBeVisible()
    await page.screenshot({ path: `${SCREENS}/layout-${at}-running.png` })
    await toggle.click()
    await expect(page.getByTestId('import-panel-body')).toBeVisible()
    expect(await documentTop(grid)).toBe(top)
    await page.mouse.move(2, size.height - 2)
    await expect(summary).toHaveText('done 2', { timeout: 30_000 })
    await expect(page.getByRole('progressbar', { name: 'Imports' })).toHaveCount(0)
    await expect(toggle).toHaveAttribute('aria-expanded', 'false', { timeout: 10_000 })
    await expect(page.getByTestId('import-job')).toHaveCount(0)
    await toggle.click()
    await expect(page.getByTestId('import-job')).toHaveCount(2)
    await page.keyboard.press('Escape')
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(await documentTop(grid)).toBe(top)

    // Two selected: the selection bar floats at the bottom of the window, over the results.
    const cards = page.getByTestId('media-card')
    await cards.first().click()
    await page.keyboard.press('Shift+ArrowRight')
    const bar = page.getByTestId('selection-bar')
    await expect(bar.getByTestId('selection-count')).toHaveText('2 selected')
    await expectDocked(page, bar, grid)
    expect(await documentTop(grid)).toBe(top)
    await page.screenshot({ path: `${SCREENS}/layout-${at}-selection.png` })
    await expectNoSeriousAxeViolations(page, `the library at ${at} with a selection`)

    // Deleted: the undo bar takes the same place; the grid still has not moved.
    await page.keyboard.press('Delete')
    const dialog = page.getByRole('dialog', { name: 'Delete 2 assets?' })
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click()
    const undo = page.getByTestId('undo-bar')
    await expect(undo).toContainText('Deleted 2 assets')
    await expect(bar).toHaveCount(0)
    await expectDocked(page, undo, grid)
    expect(await documentTop(grid)).toBe(top)
    await page.screenshot({ path: `${SCREENS}/layout-${at}-undo.png` })
  })
}

/** The bar lies over the grid's lower part and within the window, near its bottom. */
async function expectDocked(page: Page, bar: Locator, grid: Locator): Promise<void> {
  const box = (await bar.boundingBox())!
  const area = (await grid.boundingBox())!
  const height = page.viewportSize()!.height
  expect(box.y + box.height).toBeLessThanOrEqual(height)
  expect(box.y + box.height).toBeGreaterThan(height - 40)
  expect(box.y).toBeGreaterThan(area.y)
  expect(box.x).toBeGreaterThanOrEqual(area.x - 16)
}
