import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { writeClipSeries } from '../fixtures/clip-series'
import { postersMade } from '../helpers/posters-made'
import { dropFiles, openImports, openLibrary, type DroppedFile } from './import-helpers'
import { expect, test } from './web-host-fixture'

// Issue 22, point 1: a drop of 200 clips leaves a backlog of thumbnails (two ffmpeg runs a clip) once the import
// ends. A search typed then must not queue behind poster requests held open until their thumbnails are made.
const CLIPS = 200
const SCREENS = 'test-results/screens'

test.setTimeout(180_000)

test('a search typed while a drop’s thumbnails are pending shows its results before the backlog is made', async ({
  page,
  webHost,
}) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'framevault-backlog-'))
  try {
    const files: DroppedFile[] = writeClipSeries(folder, CLIPS).map((file) => ({
      name: path.basename(file),
      type: 'video/mp4',
      path: file,
    }))
    await openLibrary(page, webHost.url)
    await dropFiles(page, files)
    await openImports(page)
    const job = page.getByTestId('import-job')
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 120_000 })
    await expect(job.getByTestId('import-counts')).toHaveText(`${CLIPS} imported`)
    await expect(page.getByTestId('result-count')).toContainText(String(CLIPS))

    const wanted = files[137]!.name
    const started = Date.now()
    await page.getByRole('searchbox', { name: 'Search' }).fill(path.parse(wanted).name)
    await expect.poll(() => cardNames(page), { timeout: 60_000 }).toEqual([wanted])
    const shownAfter = Date.now() - started
    const made = postersMade(webHost.libraryDir)
    console.log(`search shown after ${shownAfter} ms with ${made} of ${CLIPS} posters made`)
    // The cards on screen asked for their posters and the rest of the backlog waits behind them; a search that
    // waited on the posters on screen (the newest clips, last in the backlog) would come after most of it.
    expect(made).toBeLessThan(CLIPS / 2)
    await page.screenshot({ path: `${SCREENS}/search-during-thumbnail-backlog.png` })

    // The page learns of each poster when it is made: the found clip's card shows its image, not the glyph.
    const card = page.getByTestId('media-card')
    const shown = (images: Element[]) => images.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length
    await expect.poll(() => card.locator('.poster img').evaluateAll(shown), { timeout: 120_000 }).toBe(1)
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})

const cardNames = (page: Page) => page.getByTestId('media-card').locator('.media-name').allInnerTexts()
