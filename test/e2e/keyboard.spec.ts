import type { Locator, Page } from '@playwright/test'
import { expectNoSeriousAxeViolations } from './axe-check'
import { BROWSE_MEDIA, listAssets, openWithImported } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'

/** Presses Tab until `target` has focus; returns how many presses it took (fails after `most`). */
async function tabTo(page: Page, target: Locator, most: number): Promise<number> {
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((element) => element === document.activeElement)) return presses
  }
  throw new Error(`not reached in ${most} Tabs`)
}

const outline = (locator: Locator) =>
  locator.evaluate((element) => {
    const style = getComputedStyle(element)
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) }
  })

test('skip links lead to the results and the filters; the focused grid and card show a ring; `/` leaves a checkbox or select for the search box', async ({
  page,
  webHost,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await openWithImported(page, webHost, BROWSE_MEDIA)
  const search = page.getByRole('searchbox', { name: 'Search' })
  const grid = page.getByTestId('media-grid')

  // The first Tab shows "Skip to results"; Enter puts the keyboard on the grid, its first card focused.
  await page.keyboard.press('Tab')
  const toResults = page.getByRole('link', { name: 'Skip to results' })
  await expect(toResults).toBeFocused()
  await expect(toResults).toBeInViewport()
  await page.screenshot({ path: `${SCREENS}/keyboard-skip-links.png` })
  await page.keyboard.press('Enter')
  await expect(grid).toBeFocused()
  expect(await outline(grid)).toEqual({ style: 'solid', width: 2 })
  const first = page.getByTestId('media-card').first()
  await expect(first).toHaveClass(/\bfocused\b/)
  expect((await outline(first)).width).toBeGreaterThanOrEqual(3)
  await page.keyboard.press('ArrowRight')
  const second = page.getByTestId('media-card').nth(1)
  await expect(second).toHaveClass(/\bfocused\b/)
  await expect(grid).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!)
  expect((await outline(second)).style).toBe('solid')
  await page.screenshot({ path: `${SCREENS}/keyboard-grid-focus.png` })

  // From the top again: "Skip to filters", then Tab to the first checkbox; `/` goes to the search box and the
  // next Space types there instead of ticking the checkbox.
  await page.reload()
  await expect(page.getByTestId('result-count')).toHaveText(`${BROWSE_MEDIA.length} assets`)
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to filters' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('filter-panel')).toBeFocused()
  const video = page.getByRole('checkbox', { name: /^video/ })
  await tabTo(page, video, 5)
  await page.keyboard.press('/')
  await expect(search).toBeFocused()
  await page.keyboard.type('clip ')
  await expect(search).toHaveValue('clip ')
  await expect(video).not.toBeChecked()
  // From a select too; in the search box itself `/` is a character.
  const sort = page.getByRole('combobox', { name: 'Sort by' })
  await tabTo(page, sort, 6)
  await page.keyboard.press('/')
  await expect(search).toBeFocused()
  await page.keyboard.type('a/b')
  await expect(search).toHaveValue('a/b')
  await expectNoSeriousAxeViolations(page, 'the library, keyboard walk')
})

test('at 390 px "Skip to filters" reaches the Filters toggle, and opening the filters moves the keyboard into them', async ({
  page,
  webHost,
}) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await openWithImported(page, webHost, BROWSE_MEDIA)
  await expect(page.getByTestId('filter-panel')).toHaveCount(0)
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to filters' })).toBeFocused()
  await page.keyboard.press('Enter')
  const toggle = page.getByRole('button', { name: 'Filters' })
  await expect(toggle).toBeFocused()
  await page.keyboard.press('Enter')
  const panel = page.getByTestId('filter-panel')
  await expect(panel).toBeVisible()
  await expect(panel).toBeFocused()
  await page.keyboard.press('Tab')
  expect(await panel.evaluate((element) => element.contains(document.activeElement))).toBe(true)
  await page.screenshot({ path: `${SCREENS}/keyboard-filters-390.png` })
  // Closing them from the toggle leaves the keyboard there.
  await toggle.focus()
  await page.keyboard.press('Enter')
  await expect(panel).toHaveCount(0)
  await expect(toggle).toBeFocused()
  await expectNoSeriousAxeViolations(page, 'the library at 390 px, filters closed')
})

test('the minimum width filter applies as typing pauses, without Enter', async ({ page, webHost }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await openWithImported(page, webHost, BROWSE_MEDIA)
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  const minWidth = page.getByRole('spinbutton', { name: 'Min width (px)' })
  await tabTo(page, minWidth, 60)
  await page.keyboard.type('400')
  const wide = (await listAssets(webHost, { filter: { minWidth: 400 } })).length
  expect(wide).toBeLessThan(BROWSE_MEDIA.length)
  await expect(page).toHaveURL(/[?&]minw=400(&|$)/)
  await expect(page.getByTestId('result-count')).toHaveText(wide === 1 ? '1 asset' : `${wide} assets`)
  // Still typing there: the keyboard stayed, and `/` in a number field is no jump.
  await expect(minWidth).toBeFocused()
  await page.keyboard.press('/')
  await expect(minWidth).toBeFocused()
  await page.screenshot({ path: `${SCREENS}/keyboard-min-width.png` })
})

test('Stats: two skip links and one Tab reach Verify, which keeps the focus as it runs; so does "Back up now" on Settings', async ({
  page,
  webHost,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${webHost.url}#/stats`)
  await expect(page.getByRole('heading', { name: 'Stats', level: 1 })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Verify library' })).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to library health' })).toBeFocused()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Tab')
  const verify = page.getByRole('button', { name: 'Verify library' })
  await expect(verify).toBeFocused()
  // Enter runs it; the keyboard stays on the button while it runs and after.
  await page.keyboard.press('Enter')
  // A job: on a busy machine it may queue for a while (CI saw over 5 s once).
  await expect(page.getByTestId('verify-result')).toBeVisible({ timeout: 30_000 })
  await expect(verify).toBeFocused()
  await page.screenshot({ path: `${SCREENS}/keyboard-verify.png` })

  await page.goto(`${webHost.url}#/settings`)
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  const backUp = page.getByRole('button', { name: 'Back up now' })
  // The page's sections arrive with the library's facts; skipping to content before then lands in what they replace.
  await expect(backUp).toBeVisible()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  const presses = await tabTo(page, backUp, 8)
  expect(presses).toBeLessThanOrEqual(8)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('backup-run')).toHaveAttribute('data-status', 'done', { timeout: 30_000 })
  await expect(backUp).toBeFocused()
  // Enter again starts a second backup: the button still works from where the keyboard is.
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('backup-row')).toHaveCount(2)
  await expect(backUp).toBeFocused()
  await page.screenshot({ path: `${SCREENS}/keyboard-backup.png` })
  await expectNoSeriousAxeViolations(page, 'Settings after a backup')
})
