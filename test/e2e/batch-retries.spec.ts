import path from 'node:path'
import type { Page } from '@playwright/test'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi, openWithImported } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()

// A hub that runs its jobs itself (one worker, in its own process).
test.use({ hostKind: 'hub' })

const openJobs = (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Jobs' }).click()
const batchStatus = (page: Page, title: string) =>
  page.getByRole('region', { name: 'Ended lately' }).getByRole('group', { name: title }).getByRole('status')

test('a batch reads all done in every window once its failed job is retried, and the retry’s output reaches an open detail', async ({
  page,
  webHost,
  browser,
}) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  const assets = await openWithImported(page, webHost, [fixtures.mp4, fixtures.mov])
  // The import's near-duplicate hashing ends first: the batch's jobs are the only ones left to run.
  type Hashing = { hashed: number; failed: number; job: unknown }
  const hashedAll = async () => {
    const status = await callApi<Hashing>(webHost, 'similar:status', {})
    return status.hashed + status.failed === assets.length && status.job === null
  }
  await expect.poll(hashedAll, { timeout: 60_000 }).toBe(true)

  // One asset's file is gone from the store: its job fails until the file is back.
  const missing = assets.find((asset) => asset.name === path.basename(fixtures.mp4))!
  const key = webHost.objectKey(missing.filePath)
  const bytes = await webHost.objects.read(key)
  await webHost.objects.remove(key)

  // Another window (another person's browser) watches the Jobs page, and in a second tab the missing asset's detail.
  const other = await browser.newContext()
  const watcher = await other.newPage()
  await watcher.setViewportSize({ width: 1440, height: 900 })
  await watcher.goto(webHost.url)
  await openJobs(watcher)
  const detail = await other.newPage()
  await detail.setViewportSize({ width: 1440, height: 900 })
  await detail.goto(`${webHost.url}#/asset/${missing.id}`)
  const processing = detail.getByRole('region', { name: 'Processing', exact: true })
  await expect(processing).toContainText('No processing yet')

  // Window A runs a convert of both.
  await page.getByTestId('media-card').first().click()
  await page.keyboard.press('ControlOrMeta+a')
  const bar = page.getByTestId('selection-bar')
  await expect(bar.getByTestId('selection-count')).toHaveText('2 selected')
  await bar.getByRole('button', { name: 'Run…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Run on many assets' })
  await dialog.getByLabel('Work').selectOption('convert')
  await dialog.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(dialog.getByRole('status')).toHaveText(/Started “convert of 2 assets”\./)
  await dialog.getByRole('button', { name: 'Close' }).click()
  await openJobs(page)
  const title = 'convert of 2 assets'
  for (const window of [page, watcher]) {
    await expect(batchStatus(window, title)).toHaveText('Done: 1 failed, 1 ran.', { timeout: 60_000 })
  }

  // The file is back; A retries the failed job.
  await webHost.objects.write(key, bytes)
  const failed = page
    .getByRole('region', { name: 'Ended lately' })
    .getByRole('listitem')
    .filter({ hasText: `convert of ${missing.name}` })
  await expect(failed.getByRole('status')).toHaveText(/^Failed: /)
  await failed.getByRole('button', { name: `Retry convert of ${missing.name}` }).click()

  // Both windows read the batch as all done, with no failure among its outcomes.
  for (const window of [page, watcher]) {
    await expect(batchStatus(window, title)).toHaveText('Done: 2 ran.', { timeout: 60_000 })
  }
  const entry = watcher
    .getByRole('region', { name: 'Ended lately' })
    .getByRole('listitem')
    .filter({ has: watcher.getByRole('group', { name: title }) })
  await entry.getByRole('button', { name: 'Outcomes (2 assets)' }).click()
  const outcomes = entry.getByRole('table', { name: `Outcomes of ${title}` })
  await expect(outcomes.getByRole('row')).toHaveCount(3)
  await expect(outcomes.getByRole('row', { name: new RegExp(missing.name) })).toContainText('ran')
  await expect(outcomes).not.toContainText('failed')
  await outcomes.scrollIntoViewIfNeeded()
  await watcher.screenshot({ path: `${SCREENS}/batch-retried-1440.png`, fullPage: true })
  await expectNoSeriousAxeViolations(watcher, 'the Jobs page with a batch whose failed job was retried')

  // The other window's open detail of that asset shows what the retry made, without a reload.
  await expect(processing.getByRole('list', { name: 'Made from this' }).getByRole('link')).toHaveCount(1)
  await expect(processing.getByRole('status')).toHaveText(/^Done\. Open the output$/)
  await processing.scrollIntoViewIfNeeded()
  await detail.screenshot({ path: `${SCREENS}/batch-retried-detail-1440.png`, fullPage: true })
  await watcher.setViewportSize({ width: 390, height: 844 })
  await expect(batchStatus(watcher, title)).toHaveText('Done: 2 ran.')
  await batchStatus(watcher, title).scrollIntoViewIfNeeded()
  await watcher.screenshot({ path: `${SCREENS}/batch-retried-390.png`, fullPage: true })
})
