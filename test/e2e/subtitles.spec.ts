import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { writeSubtitledMkv } from '../fixtures/subtitled-clips'
import { expectNoSeriousAxeViolations } from './axe-check'
import { dropFiles, openImports, openLibrary } from './import-helpers'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'

test.setTimeout(120_000)

/** Where the detail's player is, in seconds. */
const playerTime = (page: Page) =>
  page.evaluate(() => document.querySelector<HTMLVideoElement>('video.detail-video')?.currentTime ?? -1)

test('a drop pairs a video with its subtitle file; a search finds a cue and opens the player at it', async ({
  page,
  webHost,
}) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'framevault-subtitles-'))
  try {
    const video = writeSubtitledMkv(folder)
    await page.setViewportSize({ width: 1440, height: 900 })
    await openLibrary(page, webHost.url)
    // The sidecar first: pairing must not depend on the order files arrive in.
    await dropFiles(page, [
      { name: 'subtitled.fr.srt', type: 'application/x-subrip', path: path.join(folder, 'subtitled.fr.srt') },
      { name: 'subtitled.mkv', type: 'video/x-matroska', path: video },
    ])
    await openImports(page)
    const job = page.getByTestId('import-job')
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
    // The subtitle file is read with its video: one file imported, nothing failed.
    await expect(job.getByTestId('import-counts')).toHaveText('1 imported')
    await page.getByTestId('import-panel-toggle').click()

    // "chateau" finds the French sidecar's cue (written in Windows-1252, diacritics aside), with its time.
    await page.getByRole('searchbox', { name: 'Search' }).fill('chateau')
    const match = page.getByTestId('media-match')
    await expect(match).toHaveText('Subtitles at 0:02: Le château brûle')
    await expect(match.locator('mark')).toHaveText('château')
    await page.screenshot({ path: `${SCREENS}/subtitles-search-1440.png`, animations: 'disabled' })

    // Opening the hit starts the player at the cue (2 s), and the cue list of that track marks it.
    await page.getByTestId('media-card').filter({ hasText: 'subtitled.mkv' }).dblclick()
    await expect.poll(() => playerTime(page)).toBe(2)
    const subtitles = page.getByRole('region', { name: 'Subtitles' })
    await expect(subtitles.getByRole('group', { name: /^eng · stream 1: 2 ranges/ })).toBeVisible()
    await expect(subtitles.getByRole('group', { name: /^ger · Deutsch: 1 range/ })).toBeVisible()
    await expect(subtitles.getByRole('group', { name: /^fr · subtitled\.fr\.srt: 1 range/ })).toBeVisible()
    await subtitles.getByLabel('Track').selectOption({ label: 'fr · subtitled.fr.srt (1 cue)' })
    const cues = subtitles.getByRole('list', { name: 'Cues of fr · subtitled.fr.srt' })
    await expect(cues.locator('li[aria-current="true"]')).toHaveText(/0:02\.0\s*Le château brûle/)

    // A cue's time seeks the player; so does a cue on its lane.
    await subtitles.getByLabel('Track').selectOption({ label: 'eng · stream 1 (2 cues)' })
    await subtitles.getByRole('button', { name: '0:03.0', exact: true }).click()
    await expect.poll(() => playerTime(page)).toBe(3)
    await expect(
      subtitles.getByRole('list', { name: 'Cues of eng · stream 1' }).locator('li[aria-current="true"]'),
    ).toHaveText(/Good night/)
    await subtitles.getByRole('button', { name: /^Der Wanderer/ }).click()
    await expect.poll(() => playerTime(page)).toBe(0.5)
    await subtitles.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SCREENS}/subtitles-detail-1440.png`, animations: 'disabled' })
    await expectNoSeriousAxeViolations(page, 'the asset detail with its subtitles')
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})
