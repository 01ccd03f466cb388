import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { HUB_BUNDLE } from '../fixtures/bundles'
import { fixturePaths } from '../fixtures/make-fixtures'
import { untilPrinted } from '../helpers/printed'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi, openWithImported } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()

// A hub that runs no worker itself: the test starts two, one job at a time each.
test.use({ hostKind: 'hub', webHostArgs: ['--workers', '0'] })

/** `framevault worker` for the hub (the hub's bundle, as the hub starts its own helpers), once it says it works. */
async function startWorker(host: RunningWebHost): Promise<ChildProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-e2e-worker-'))
  const args = [HUB_BUNDLE, 'worker', '--hub', host.origin, '--token', host.token, '--concurrency', '1', '--data', dir]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: host.env })
  await untilPrinted(child, 'Framevault worker for')
  return child
}

const card = (page: Page, name: string) => page.getByTestId('media-card').filter({ hasText: name })

test('a batch started in one window runs on two workers; another watches it, cancels a job and retries a failed one', async ({
  page,
  webHost,
  browser,
}) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  const assets = await openWithImported(page, webHost, [fixtures.longClip, fixtures.mov, fixtures.mkv, fixtures.mp4])

  // The other window opens the Jobs page before any worker runs: the queue says its jobs would wait.
  const watcher = await (await browser.newContext()).newPage()
  await watcher.setViewportSize({ width: 1280, height: 900 })
  await watcher.goto(webHost.url)
  await watcher.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Jobs' }).click()
  const workers = watcher.getByRole('region', { name: 'Workers' })
  await expect(workers.getByRole('status')).toContainText('No worker is running')
  // Words for people (issue 64 point 5): no command on the screen.
  await expect(workers).not.toContainText('npm')
  const started = await Promise.all([startWorker(webHost), startWorker(webHost)])
  try {
    await expect(workers.getByRole('listitem')).toHaveCount(2, { timeout: 20_000 })
    // The import's near-duplicate hashing, which waited for them, ends first: the batch finds both workers free.
    type Hashing = { hashed: number; failed: number; waiting: number; job: unknown }
    const hashedAll = async () => {
      const status = await callApi<Hashing>(webHost, 'similar:status', {})
      return status.hashed + status.failed === assets.length && status.job === null
    }
    await expect.poll(hashedAll, { timeout: 60_000 }).toBe(true)

    // One asset's file is gone from the store: its job will fail, until the file is back.
    const missing = assets.find((asset) => asset.name.endsWith('.mp4') && asset.durationSeconds! < 10)!
    const key = webHost.objectKey(missing.filePath)
    const bytes = await webHost.objects.read(key)
    await webHost.objects.remove(key)

    await card(page, assets[0]!.name).click()
    await page.keyboard.press('ControlOrMeta+a')
    const bar = page.getByTestId('selection-bar')
    await expect(bar.getByTestId('selection-count')).toHaveText('4 selected')
    await bar.getByRole('button', { name: 'Run…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Run on many assets' })
    await dialog.getByLabel('Work').selectOption('convert')
    await dialog.getByRole('button', { name: 'Run', exact: true }).click()
    await expect(dialog.getByRole('status')).toHaveText(/Started “convert of 4 assets”\./)

    // The watcher sees each asset's job, two at once on the two workers.
    const running = watcher.getByRole('region', { name: 'Running and waiting' })
    const long = path.basename(fixtures.longClip)
    const longEntry = running.getByRole('listitem').filter({ hasText: `convert of ${long}` })
    await expect(longEntry).toContainText(/ · on .+ \(process \d+\)/, { timeout: 30_000 })
    await watcher.screenshot({ path: `${SCREENS}/queue-two-workers.png` })
    // Each worker's busy count is the jobs the list shows running on it (issue 64 point 7).
    const busyAndRunning = async () => {
      const counts: Array<[number, number]> = []
      for (const worker of await workers.getByRole('listitem').all()) {
        const name = (await worker.getAttribute('aria-label'))!
        const busy = Number(/(\d+) of \d+ busy/.exec(await worker.innerText())?.[1])
        counts.push([
          busy,
          await running
            .getByRole('listitem')
            .filter({ hasText: ` · on ${name}` })
            .count(),
        ])
      }
      return counts
    }
    await expect.poll(async () => (await busyAndRunning()).every(([busy, shown]) => busy === shown)).toBe(true)
    expect((await busyAndRunning()).reduce((sum, [busy]) => sum + busy, 0)).toBeGreaterThan(0)

    // It cancels the long clip's job where it runs; the failed one (its file gone) it retries once the file is back.
    await longEntry.getByRole('button', { name: 'Cancel' }).click()
    const ended = watcher.getByRole('region', { name: 'Ended lately' })
    await expect(ended.getByRole('group', { name: `convert of ${long}` }).getByRole('status')).toHaveText(
      'Cancelled by admin.',
    )
    const failed = ended.getByRole('listitem').filter({ hasText: `convert of ${missing.name}` })
    await expect(failed.getByRole('status')).toHaveText(/^Failed: /, { timeout: 30_000 })
    await webHost.objects.write(key, bytes)
    await failed.getByRole('button', { name: `Retry convert of ${missing.name}` }).click()
    await expect(
      ended
        .getByRole('listitem')
        .filter({ hasText: `convert of ${missing.name}` })
        .getByRole('status'),
    ).toHaveText('Done.', { timeout: 30_000 })
    // The batch follows the retry: the asset that failed ran (issue 64 point 7).
    await expect(ended.getByRole('group', { name: 'convert of 4 assets' }).getByRole('status')).toHaveText(
      /Done: 1 cancelled, 3 ran\./,
      { timeout: 30_000 },
    )
    // The batch's jobs ran on both workers, as each says.
    const ranOn = await ended
      .getByRole('listitem')
      .filter({ hasText: /^Processing/ })
      .locator('.job-meta')
      .allTextContents()
    const processes = new Set(ranOn.map((meta) => / · ran on .+ \(process (\d+)\)/.exec(meta)?.[1]))
    expect(processes).toEqual(new Set(started.map((child) => String(child.pid))))
    await watcher.screenshot({ path: `${SCREENS}/queue-ended.png`, fullPage: true })
    await expectNoSeriousAxeViolations(watcher, 'the Jobs page of a hub with workers')
  } finally {
    for (const child of started) child.kill('SIGTERM')
  }
})
