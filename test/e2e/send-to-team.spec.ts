import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fixturePaths } from '../fixtures/make-fixtures'
import { callApi, listAssets } from './web-api'
import { expect, startWebHost, stopWebHost, test } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'

// Issue 64 point 2: push is not a CLI feature only. A person's own library (`npm run web`) sends itself to a hub
// from Settings: a preview that changes nothing, then Send as a job; what the team removed there is skipped.
test('Send to team library… previews, sends as a job, and a second preview skips what the team deleted there', async ({
  page,
  webHost,
}) => {
  // A hub (PostgreSQL + S3) beside this library, two imports and a push.
  test.setTimeout(150_000)
  const hubDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-e2e-team-'))
  const hub = await startWebHost(path.join(hubDir, 'library'), [], 'hub')
  try {
    await callApi(hub, 'library:rename', { name: 'Studio Reel' })
    await page.goto(webHost.url)
    await page.getByTestId('file-picker').setInputFiles([fixtures.mp4, fixtures.png])
    await expect(page.getByTestId('result-count')).toHaveText('2 assets')
    await page.getByRole('button', { name: 'Settings' }).click()

    const section = page.getByRole('region', { name: 'Send to team library…' })
    await section.getByLabel('Address').fill(hub.origin)
    await section.getByLabel('Token').fill(hub.token)
    await section.getByRole('button', { name: 'Preview' }).click()
    const summary = section.getByTestId('push-preview-summary')
    await expect(summary).toHaveText(
      `To Studio Reel (${hub.origin}): 2 files to send, 0 there already; 0 tags and 0 collection places to add.`,
    )
    // A preview changes nothing on the hub.
    expect(await listAssets(hub)).toEqual([])
    await page.setViewportSize({ width: 1440, height: 900 })
    await section.screenshot({ path: `${SCREENS}/send-to-team-preview-1440.png` })
    await page.setViewportSize({ width: 390, height: 844 })
    await section.screenshot({ path: `${SCREENS}/send-to-team-preview-390.png` })

    await section.getByRole('button', { name: 'Send to Studio Reel' }).click()
    const job = section.getByRole('group', { name: `Send this library to ${hub.origin}` })
    await expect(job.getByRole('status')).toContainText('Done: 2 sent, 0 on the hub already.', { timeout: 60_000 })
    await expect(section.getByLabel('Token')).toHaveValue('')
    expect((await listAssets(hub)).map((asset) => asset.name).sort()).toEqual(
      [path.basename(fixtures.mp4), path.basename(fixtures.png)].sort(),
    )
    await section.screenshot({ path: `${SCREENS}/send-to-team-done-390.png` })

    // The team deletes the clip there; the next preview says it will not be sent again, and by whom it went.
    const clip = (await listAssets(hub)).find((asset) => asset.name === path.basename(fixtures.mp4))!
    await callApi(hub, 'media:delete', { ids: [clip.id] })
    await section.getByLabel('Token').fill(hub.token)
    await section.getByRole('button', { name: 'Preview' }).click()
    await expect(summary).toContainText('0 files to send, 1 there already')
    await expect(section.getByRole('list', { name: 'Not sent' })).toContainText(
      `${path.basename(fixtures.mp4)}: deleted on the hub by admin on ${new Date().toISOString().slice(0, 10)}: not sent`,
    )
    await page.setViewportSize({ width: 1440, height: 900 })
    await section.screenshot({ path: `${SCREENS}/send-to-team-skipped-1440.png` })
  } finally {
    await stopWebHost(hub)
    rmSync(hubDir, { recursive: true, force: true })
  }
})
