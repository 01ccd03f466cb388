import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import type { Job } from '../../shared/contract'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi, listAssets } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()
// Where this host may restore to (and link the fixtures from): --allow-import-from is the web host's path gate.
const allowed = mkdtempSync(path.join(os.tmpdir(), 'framevault-e2e-restores-'))
test.use({ webHostArgs: ['--allow-import-from', allowed, '--allow-import-from', fixtures.dir] })
test.afterAll(() => rmSync(allowed, { recursive: true, force: true }))

/** Links `files` into the library and waits until every job (the import, its near-duplicate hashing) has ended. */
async function linkAndSettle(host: RunningWebHost, files: string[], assets: number): Promise<void> {
  await callApi(host, 'media:import', { paths: files, link: true })
  await expect.poll(async () => (await listAssets(host)).length, { timeout: 30_000 }).toBe(assets)
  await expect
    .poll(
      async () => {
        const { jobs } = await callApi<{ jobs: Job[] }>(host, 'jobs:list', {})
        return jobs.filter((job) => job.state === 'queued' || job.state === 'running').length
      },
      { timeout: 30_000 },
    )
    .toBe(0)
}

async function expectLibrary(page: Page, name: string, assets: number): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible()
  await expect(page.locator('.title-bar .library-name')).toHaveText(name)
  await expect(page).toHaveTitle(`${name} – Framevault`)
  await expect(page.getByTestId('result-count')).toHaveText(`${assets} assets`)
}

test('restores a backup from Settings, opens the restored library in the app, and goes back', async ({
  page,
  webHost,
}) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  await callApi(webHost, 'library:rename', { name: 'Festival cuts' })
  await linkAndSettle(webHost, [fixtures.mp4, fixtures.png], 2)

  await page.goto(`${webHost.url}#/settings`)
  const backups = page.getByRole('region', { name: 'Backups' })
  await backups.getByRole('button', { name: 'Back up now' }).click()
  await expect(page.getByTestId('backup-run')).toHaveAttribute('data-status', 'done')
  // Added after the backup: the restored library must not have it.
  await linkAndSettle(webHost, [fixtures.jpg], 3)

  const restored = page.getByRole('region', { name: 'Restored libraries' })
  await expect(restored.getByText('None yet')).toBeVisible()
  await backups.getByRole('button', { name: /^Restore library-/ }).click()
  const target = path.join(allowed, 'festival-restored')
  await backups.getByLabel('Into folder').fill(target)
  await backups.getByRole('button', { name: 'Restore', exact: true }).click()
  const result = page.getByTestId('restore-result')
  const restoredName = /^Festival cuts \(restored from backup of \d{4}-\d\d-\d\d \d\d:\d\d\)$/
  await expect(result.getByRole('status')).toContainText(/Restored as Festival cuts \(restored from backup of .*\) in/)
  await expect(result.getByRole('status')).toContainText(`${target} (2 assets)`)
  const row = restored.getByTestId('restored-library')
  await expect(row).toHaveCount(1)
  await expect(row.locator('strong')).toHaveText(restoredName)
  await expect(row).toContainText(target)
  const name = (await row.locator('strong').textContent()) ?? ''
  await result.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/restore-done.png`, fullPage: true })
  await expectNoSeriousAxeViolations(page, 'Settings after a restore')

  // The renderer may ask only for the folders the host knows: any other is refused in words.
  const refused = await fetch(`${webHost.origin}/api/library:open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${webHost.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ path: allowed }),
  })
  expect(refused.status).toBe(403)
  expect(await refused.json()).toMatchObject({ error: { message: expect.stringMatching(/is not a library restored/) } })

  await result.getByRole('button', { name: 'Open restored library' }).click()
  await expectLibrary(page, name, 2)
  expect(new URL(page.url()).hash).toBe('#/library')
  // Its linked files are where they were: the restored library makes their thumbnails anew.
  await expect(page.getByTestId('media-grid').locator('.poster img')).toHaveCount(2, { timeout: 20_000 })
  await page.screenshot({ path: `${SCREENS}/restored-library-open.png` })
  await expectNoSeriousAxeViolations(page, 'the restored library')

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
  const origin = page.getByRole('region', { name: 'Where this library came from' })
  await expect(origin).toContainText('This library was restored from a backup of Festival cuts taken')
  await expect(page.getByRole('region', { name: 'Restored libraries' }).getByText('None yet')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/restored-library-settings.png` })
  await expectNoSeriousAxeViolations(page, 'Settings of the restored library')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: `${SCREENS}/restored-library-settings-phone.png`, fullPage: true })
  await page.setViewportSize({ width: 1440, height: 900 })

  await origin.getByRole('button', { name: 'Back to Festival cuts' }).click()
  await expectLibrary(page, 'Festival cuts', 3)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
  const home = page.getByRole('region', { name: 'Where this library came from' })
  await expect(home).toContainText('You opened this library in place of another one.')
  await expect(home.getByRole('button', { name: `Back to ${name}` })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Restored libraries' }).getByTestId('restored-library')).toHaveCount(1)
  await page.getByRole('region', { name: 'Restored libraries' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/restored-libraries-list.png` })
  await expectNoSeriousAxeViolations(page, 'Settings back in the original library')
  await page.setViewportSize({ width: 390, height: 844 })
  await page
    .getByRole('region', { name: 'Restored libraries' })
    .screenshot({ path: `${SCREENS}/restored-libraries-list-phone.png` })
})
