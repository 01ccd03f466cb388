import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import type { LibraryStats, MediaAsset } from '../../shared/contract'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi, openWithImported } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()
const MEDIA = [
  fixtures.mp4,
  fixtures.webm,
  fixtures.mov,
  fixtures.rotated,
  fixtures.png,
  fixtures.jpg,
  fixtures.longClip,
  fixtures.prores,
  fixtures.animatedGif,
]
// Not media: its import fails, which the health figures count.
const NOT_MEDIA = fixtures.textAsMp4
const GROUPINGS = ['media-type', 'source-type', 'codec', 'resolution', 'duration'] as const

/** The exact figures of a stats table's rows and of its total line (zeros where it has none). */
async function tableFigures(table: Locator) {
  const numbers = (rows: Locator, name: string) =>
    rows.evaluateAll((all, attribute) => all.map((row) => Number(row.getAttribute(attribute))), name)
  const rows = table.getByTestId('stats-row')
  const [total] = await numbers(table.getByTestId('stats-total'), 'data-count')
  const [totalBytes] = await numbers(table.getByTestId('stats-total'), 'data-bytes')
  return {
    keys: await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-key'))),
    counts: await numbers(rows, 'data-count'),
    bytes: await numbers(rows, 'data-bytes'),
    total: { count: total ?? 0, bytes: totalBytes ?? 0 },
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

/** Opens the app, imports the fixture media through the file picker, and opens the Stats page. */
async function openStatsWithMedia(page: Page, host: RunningWebHost): Promise<void> {
  await openWithImported(page, host, [...MEDIA, NOT_MEDIA], MEDIA.length)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Stats' }).click()
  await expect(page).toHaveURL(/#\/stats$/)
  await expect(page.getByTestId('stats-total-count')).toHaveText(String(MEDIA.length))
}

test('the charts’ tables add up to the library total and match library:stats and what was imported', async ({
  page,
  webHost,
}) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  await openStatsWithMedia(page, webHost)
  const stats = await callApi<LibraryStats>(webHost, 'library:stats', {})
  expect(stats.total.count).toBe(MEDIA.length)
  await expect(page.getByTestId('stats-total-bytes')).toHaveAttribute('data-bytes', String(stats.total.bytes))

  const fromApi: Record<(typeof GROUPINGS)[number], LibraryStats['byCodec']> = {
    'media-type': stats.byMediaType,
    'source-type': stats.bySourceType,
    codec: stats.byCodec,
    resolution: stats.byResolution,
    duration: stats.byDuration,
  }
  for (const grouping of GROUPINGS) {
    const figures = await tableFigures(page.getByTestId(`stats-table-${grouping}`))
    expect(sum(figures.counts), grouping).toBe(MEDIA.length)
    expect(sum(figures.bytes), grouping).toBe(stats.total.bytes)
    expect(figures.total, grouping).toEqual(stats.total)
    const shown = fromApi[grouping].filter((bucket) => grouping !== 'duration' || bucket.count > 0)
    expect(figures.keys, grouping).toEqual(shown.map((bucket) => bucket.key))
    expect(figures.counts, grouping).toEqual(shown.map((bucket) => bucket.count))
  }
  const imports = await tableFigures(page.getByTestId('stats-table-imports'))
  expect(sum(imports.counts)).toBe(MEDIA.length) // all imported today
  expect(imports.total.count).toBe(MEDIA.length)
  const health = await tableFigures(page.getByTestId('stats-table-health'))
  expect(Object.fromEntries(health.keys.map((key, index) => [key, health.counts[index]]))).toEqual({
    missing: 0,
    changed: 0,
    unverified: MEDIA.length,
    'failed-imports': 1,
  })
  // A chart is drawn for each grouping with one bar per bucket.
  await expect(page.getByTestId('stats-card-codec').locator('.recharts-bar-rectangle')).toHaveCount(
    stats.byCodec.length,
  )
  await page.screenshot({ path: `${SCREENS}/stats-1280.png`, fullPage: true })
  await expectNoSeriousAxeViolations(page, 'the Stats page')

  await page.getByRole('group', { name: 'Chart values' }).getByRole('button', { name: 'Both' }).click()
  await expect(page.getByTestId('stats-card-codec').locator('[data-measure]')).toHaveCount(2)

  // A bucket that is a library filter opens the library filtered by it.
  const videos = stats.byMediaType.find((bucket) => bucket.key === 'video')!
  await page.getByTestId('stats-table-media-type').getByRole('link', { name: videos.label }).click()
  await expect(page).toHaveURL(/#\/library\?type=video$/)
  await expect(page.getByTestId('result-count')).toHaveText(`${videos.count} assets`)
  await page.goBack()
  await expect(page.getByTestId('stats-total-count')).toHaveText(String(MEDIA.length))

  await page.setViewportSize({ width: 390, height: 844 })
  await expect(page.getByTestId('stats-card-codec').locator('.recharts-surface').first()).toBeVisible()
  // recharts follows the new width from a ResizeObserver, a frame or more after the resize.
  const chartWidth = async () =>
    Number(await page.getByTestId('stats-card-codec').locator('.recharts-surface').first().getAttribute('width'))
  await expect.poll(chartWidth).toBeLessThanOrEqual(390)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  // The content pane scrolls; nothing in the page (hidden table captions included) stretches the window.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(844)
  await page.screenshot({ path: `${SCREENS}/stats-390.png`, fullPage: true })
})

test('Verify from the Stats page shows its progress, reports a deleted file missing, and the grid flags it', async ({
  page,
  webHost,
}) => {
  test.setTimeout(90_000)
  await openStatsWithMedia(page, webHost)
  const [gone] = await callApi<{ items: MediaAsset[] }>(webHost, 'media:list', {
    limit: 10,
    query: 'rotated',
    view: 'full',
  }).then((found) => found.items)
  rmSync(path.resolve(webHost.libraryDir, gone!.filePath))

  // The files are small: the bar may show for a moment only, so every appearance is recorded.
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { progressSeen: string[] }).progressSeen = seen
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="health-progress-verify"] [role="progressbar"]')
      if (bar) seen.push(bar.getAttribute('aria-valuenow') ?? '')
    }).observe(document.body, { childList: true, subtree: true, attributes: true })
  })
  const verify = page.getByTestId('verify-panel')
  await verify.getByRole('button', { name: 'Verify library' }).click()
  await expect(verify.getByTestId('verify-result')).toHaveText(
    new RegExp(`Checked ${MEDIA.length} files: ${MEDIA.length - 1} whole, 1 missing\\.`),
  )
  expect(
    (await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen)).length,
  ).toBeGreaterThan(0)

  const missing = page.getByTestId('flagged-missing-list')
  await expect(missing.locator('li')).toHaveCount(1)
  await expect(missing.getByRole('link', { name: gone!.name })).toHaveAttribute('href', `#/asset/${gone!.id}`)
  await expect(missing).toContainText(gone!.filePath)
  await expect(page.getByTestId('stats-table-health').locator('[data-key="missing"]')).toHaveAttribute(
    'data-count',
    '1',
  )
  await expect(page.getByTestId('stats-flagged')).toHaveText('1')

  // Relink under the web host: the typed folder is refused by the host's path gate, and it says so.
  await page.getByLabel('Folder to search').fill(path.dirname(webHost.libraryDir))
  await page.getByRole('button', { name: 'Relink…' }).click()
  await expect(page.getByTestId('relink-refusal')).toContainText('Relink could not start')
  await page.locator('.health-section').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/stats-health.png` })

  // The URL carries the health filter: the link shows the flagged asset alone, and Back returns here.
  await page.getByRole('link', { name: 'Show missing in the library' }).click()
  await expect(page).toHaveURL(/#\/library\?health=missing$/)
  await expect(page.getByTestId('media-card')).toHaveCount(1)
  await expect(page.locator(`[data-testid="media-card"][data-asset-id="${gone!.id}"]`)).toBeVisible()
  await page.goBack()
  await expect(page).toHaveURL(/#\/stats$/)

  await missing.getByRole('link', { name: gone!.name }).click()
  await expect(page).toHaveURL(new RegExp(`#/asset/${gone!.id}`))
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click()
  const card = page.locator(`[data-testid="media-card"][data-asset-id="${gone!.id}"]`)
  await expect(card.getByTestId('missing-flag')).toHaveText('Missing file')
  await expect(page.getByTestId('missing-flag')).toHaveCount(1)
})

test.describe('relink under a web host that may read a folder', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'framevault-e2e-relink-'))
  test.use({ webHostArgs: ['--allow-import-from', root] })
  test.afterAll(() => rmSync(root, { recursive: true, force: true }))

  test('Relink finds a moved linked file in the typed folder and clears its missing flag', async ({
    page,
    webHost,
  }) => {
    const original = path.join(root, 'shoot', 'clip.mp4')
    mkdirSync(path.dirname(original), { recursive: true })
    copyFileSync(fixtures.mp4, original)
    await page.goto(webHost.url)
    await callApi(webHost, 'media:import', { paths: [original], link: true })
    await expect(page.getByTestId('result-count')).toHaveText('1 asset', { timeout: 30_000 })
    const [asset] = await callApi<{ items: MediaAsset[] }>(webHost, 'media:list', { limit: 1 }).then((p) => p.items)
    const moved = path.join(root, 'archive', 'renamed.mp4')
    mkdirSync(path.dirname(moved), { recursive: true })
    renameSync(original, moved)

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Stats' }).click()
    await page.getByTestId('verify-panel').getByRole('button', { name: 'Verify library' }).click()
    await expect(page.getByTestId('flagged-missing-list').getByRole('link', { name: asset!.name })).toBeVisible()

    await page.getByLabel('Folder to search').fill(root)
    await page.getByRole('button', { name: 'Relink…' }).click()
    const relinked = page.getByTestId('relink-relinked')
    await expect(relinked.getByRole('link', { name: asset!.name })).toHaveAttribute('href', `#/asset/${asset!.id}`)
    await expect(relinked).toContainText(`${original} → ${moved}`)
    await expect(page.getByTestId('relink-result')).toContainText('1 relinked')
    await expect(page.getByTestId('health-report')).toContainText('No file is flagged missing or changed.')
    await expect(page.getByTestId('stats-table-health').locator('[data-key="missing"]')).toHaveAttribute(
      'data-count',
      '0',
    )
    await page.locator('.health-section').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SCREENS}/stats-relink.png` })
  })
})
