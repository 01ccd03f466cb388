import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { expectNoSeriousAxeViolations } from './axe-check'
import { settledTime } from './player'
import { importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const clipDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-pipelines-'))
test.afterAll(() => rmSync(clipDir, { recursive: true, force: true }))

/** "0:03.5" as seconds. */
const seconds = (clock: string) => {
  const [m, s] = clock.split(':')
  return Number(m) * 60 + Number(s)
}

/** True once every image in `scope` has loaded and decoded to real pixels. */
const imagesLoaded = (scope: Locator) =>
  scope.evaluate((element) =>
    Array.from(element.querySelectorAll('img')).every((image) => image.complete && image.naturalWidth > 0),
  )

/** Waits for a run line to say how the newest run ended. */
async function runDone(section: Locator, count: number) {
  const outcomes = section.getByRole('list', { name: 'Pipeline runs' }).getByRole('listitem')
  await expect(outcomes).toHaveCount(count, { timeout: 60_000 })
  await expect(outcomes.first()).toContainText(/Done/, { timeout: 90_000 })
}

/** The tree line of the checkpoint whose button name starts with `start` ("#3 text"). */
const line = (section: Locator, name: RegExp) => section.getByRole('button', { name }).first()

/** Whether `locator` stays at the same height on the page over two animation frames and a bit. */
async function settledTop(locator: Locator): Promise<boolean> {
  const before = (await locator.boundingBox())?.y
  await locator.page().waitForTimeout(300)
  return before !== undefined && before === (await locator.boundingBox())?.y
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true })
}

test('run the default pipeline on a clip, see its filmstrip and detections, replay with other terms, compare the branches, label a scenario', async ({
  page,
  webHost,
}) => {
  test.setTimeout(240_000)
  const clip = writeWordClip(clipDir)
  const id = (await importFixtures(webHost, [clip]))[path.basename(clip)]
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${webHost.url}#/asset/${id}`)
  const section = page.getByRole('region', { name: 'Timeline', exact: true })
  await expect(section.getByText('No frames sampled yet')).toBeVisible()

  // Run it: frames → dedupe → text → match, looking for ACME. The lanes above draw once the player knows the
  // clip's length, moving the form down: a click before then can land on the player's fullscreen button.
  const form = section.getByRole('form', { name: 'Run pipeline' })
  const video = page.locator('.detail-player video')
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState)).toBeGreaterThanOrEqual(1)
  await expect.poll(() => settledTop(form)).toBe(true)
  await form.getByRole('button', { name: 'Run pipeline' }).click()
  await expect(form.getByRole('alert')).toHaveText('Type at least one term to look for.')
  await form.getByLabel('Terms to look for').fill('ACME')
  await form.getByRole('button', { name: 'Run pipeline' }).click()
  await runDone(section, 1)

  // The filmstrip: 16 frames (8 s at 2 a second), the white stretches dropped as repeats, ACME seen from 3 s.
  const frames = section.getByRole('listbox', { name: 'Frames, 2 a second' })
  await expect(frames.getByRole('option').first()).toBeVisible()
  await expect(section.getByText(/16 frames at 2 a second; \d+ kept, \d+ dropped/)).toBeVisible()
  await expect(frames.getByRole('option', { name: /dropped as a repeat/ }).first()).toBeVisible()
  await expect.poll(() => imagesLoaded(frames)).toBe(true)
  const acme = section.getByRole('group', { name: 'Detections' }).getByRole('button', { name: /^ACME: seen/ })
  const [, first, last] = /seen (\S+) to (\S+)/.exec((await acme.getAttribute('aria-label'))!)!
  expect(Math.abs(seconds(first) - 3)).toBeLessThanOrEqual(0.5)
  expect(Math.abs(seconds(last) - 5)).toBeLessThanOrEqual(0.5)
  // The span sits under the frames it covers: it starts where the frame at 3 s does.
  const frameAtThree = frames.getByRole('option', { name: /^0:03\.0,/ })
  await frameAtThree.scrollIntoViewIfNeeded()
  const [spanBox, frameBox] = [await acme.boundingBox(), await frameAtThree.boundingBox()]
  expect(Math.abs(spanBox!.x - frameBox!.x)).toBeLessThanOrEqual(frameBox!.width)
  // A click on the detection seeks the player to it.
  await acme.click()
  expect(await settledTime(page.locator('video'))).toBeCloseTo(seconds(first), 1)
  // By keyboard the frames are one stop: End goes to the last frame, Enter seeks to it.
  await frames.focus()
  await page.keyboard.press('End')
  await expect(frames).toHaveAttribute('aria-activedescendant', /-15$/)
  await page.keyboard.press('Enter')
  expect(await settledTime(page.locator('video'))).toBeCloseTo(7.5, 1)

  // The tree: root, dedupe, text, match; the match checkpoint is selected and lists ACME.
  const tree = section.getByRole('list', { name: 'Checkpoints of default@2fps, 16 frames' })
  await expect(tree.getByRole('listitem')).toHaveCount(4)
  await expect(section.getByRole('region', { name: 'Detections of this checkpoint' })).toContainText('ACME')
  await section.scrollIntoViewIfNeeded()
  await shoot(page, 'pipelines-asset-1440')
  await expectNoSeriousAxeViolations(page, 'the Timeline section after a run')

  // Replay from the text checkpoint with another term list: a new branch under it.
  await line(tree, /^#\d+ text/).click()
  await section.getByRole('button', { name: 'Replay from here…' }).click()
  const dialog = page.getByRole('dialog', { name: /^Replay from #\d+ text/ })
  const terms = dialog.getByLabel('Terms (comma or new line separated)')
  await expect(terms).toHaveValue('ACME')
  await terms.fill('GLOBEX, INITECH')
  await shoot(page, 'pipelines-replay-1440')
  await expectNoSeriousAxeViolations(page, 'the replay dialog')
  await dialog.getByRole('button', { name: 'Replay' }).click()
  await expect(dialog).toBeHidden()
  await runDone(section, 2)
  await expect(tree.getByRole('listitem')).toHaveCount(5)
  await expect(section.getByText('None of the terms was found.').first()).toBeVisible()

  // Compare the two match checkpoints.
  const matches = tree.getByRole('checkbox', { name: /^Compare #\d+ match/ })
  await expect(matches).toHaveCount(2)
  await matches.nth(0).check()
  await matches.nth(1).check()
  await section.getByRole('button', { name: 'Compare (2)' }).click()
  await expect(page).toHaveURL(/#\/checkpoint-compare\?ids=\d+,\d+$/)
  const compared = page.getByRole('region', { name: 'Checkpoints compared' })
  const termsRow = compared.getByRole('row', { name: /^match\.terms/ })
  await expect(termsRow).toContainText('ACME')
  await expect(termsRow).toContainText('GLOBEX, INITECH')
  const detections = page.getByRole('region', { name: 'Detections compared' })
  await expect(detections.getByRole('row', { name: /ACME/ })).toContainText('found here, not there')
  await expect(detections.getByRole('row', { name: /ACME/ })).toContainText('not found')
  // The same frame from both branches: pick ACME's time, and both show the frame with the word.
  await detections.getByRole('button', { name: /^Show the frames at/ }).click()
  const sideBySide = page.getByRole('list', { name: /^Frames at 0:03/ })
  await expect(sideBySide.getByRole('img')).toHaveCount(2)
  await expect.poll(() => imagesLoaded(sideBySide)).toBe(true)
  await shoot(page, 'pipelines-compare-1440')
  await expectNoSeriousAxeViolations(page, 'the checkpoint compare page')
  // Everything: the rows that agree too (the text stage's config is the same in both).
  await page.getByLabel('Show everything').check()
  await expect(compared.getByRole('row', { name: /^text\.psm/ })).toBeVisible()

  // Back on the video's page: label the first match checkpoint as a scenario and see its badge.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'word-clip.mp4' }).click()
  const firstMatch = line(tree, /^#4 match/)
  await firstMatch.click()
  await section.getByRole('button', { name: 'Label as scenario…' }).click()
  const labelDialog = page.getByRole('dialog', { name: /as a scenario/ })
  await labelDialog.getByLabel('Scenario label').fill('ACME found')
  await labelDialog.getByRole('button', { name: 'Save label' }).click()
  await expect(tree.getByText('scenario: ACME found')).toBeVisible()
  // Filtered to scenarios, the tree keeps the labelled checkpoint's ancestors around it.
  await section.getByLabel('Scenarios only').check()
  await expect(tree.getByRole('listitem')).toHaveCount(4)
  await section.getByLabel('Scenarios only').uncheck()
  await section.scrollIntoViewIfNeeded()
  await shoot(page, 'pipelines-scenario-1440')

  // A phone's width: the page and the comparison still read.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(tree.getByRole('listitem')).toHaveCount(5)
  await shoot(page, 'pipelines-asset-390')
  await expectNoSeriousAxeViolations(page, 'the Timeline section on a phone')
  await page.goBack()
  await expect(page).toHaveURL(/#\/checkpoint-compare/)
  await expect(page.getByRole('region', { name: 'Detections compared' })).toBeVisible()
  await shoot(page, 'pipelines-compare-390')
  await expectNoSeriousAxeViolations(page, 'the checkpoint compare page on a phone')

  // Pin the scenario, delete the other branch (it asks, saying what goes), and find nothing left to prune.
  await page.goForward()
  await line(tree, /^#4 match/).click()
  await section.getByRole('button', { name: 'Pin', exact: true }).click()
  await expect(tree.getByText('pinned')).toBeVisible()
  await expect(section.getByRole('button', { name: 'Unpin' })).toBeVisible()
  await line(tree, /^#5 match/).click()
  await section.getByRole('button', { name: 'Delete branch…' }).click()
  const confirm = page.getByRole('dialog', { name: 'Delete the branch of #5 match?' })
  await expect(confirm).toContainText('This checkpoint goes.')
  await confirm.getByRole('button', { name: 'Delete 1 checkpoint' }).click()
  await expect(tree.getByRole('listitem')).toHaveCount(4)
  await section.getByRole('button', { name: 'Prune…' }).click()
  const prune = page.getByRole('dialog', { name: /^Prune the checkpoints/ })
  await prune.getByLabel('Keep the newest').fill('0')
  await expect(prune.getByRole('status')).toContainText('Nothing to prune')
  await expect(prune.getByRole('button', { name: 'Delete 0 checkpoints' })).toBeDisabled()
  await prune.getByRole('button', { name: 'Cancel' }).click()

  // The words read join the library's search, and a hit says when the word is first on screen (from 3 s).
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${webHost.url}#/library?q=acme`)
  await expect(page.getByTestId('media-match')).toHaveText(/^On screen at 0:0[3-5]: .*ACME/)
  await expect(page.getByTestId('media-match').locator('mark')).toHaveText('ACME')
  await shoot(page, 'search-on-screen-1440')
})
