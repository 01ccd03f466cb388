import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { writeSoftCutClip } from '../fixtures/soft-cut-clip'
import { expectNoSeriousAxeViolations } from './axe-check'
import { playheadShare, settledTime } from './player'
import { importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const clipDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-lanes-'))
test.afterAll(() => rmSync(clipDir, { recursive: true, force: true }))

const DEFAULTS = 'Scenes (defaults)'
const LOW = 'Scenes · threshold 0.15'

/** Presses at `from` (a share of the element's width) and drags to `to`, as a mouse would. */
async function drag(page: Page, element: Locator, from: number, to: number) {
  const box = (await element.boundingBox())!
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + box.width * from, y)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * to, y, { steps: 6 })
  await page.mouse.up()
}

/** The labels of a ruler that do not overlap each other or stick out of it (each box left to right). */
async function rulerLabelsFit(ruler: Locator): Promise<boolean> {
  return ruler.evaluate((element) => {
    const edge = element.getBoundingClientRect()
    const boxes = Array.from(element.querySelectorAll('.ruler-label'), (label) => label.getBoundingClientRect())
    return boxes.every(
      (box, i) =>
        box.left >= edge.left - 0.5 && box.right <= edge.right + 0.5 && (i === 0 || box.left > boxes[i - 1].right),
    )
  })
}

test('lanes named by their settings, a ruler and playhead that follow the player, and two configs compared by what they found', async ({
  page,
  webHost,
}) => {
  test.setTimeout(90_000)
  const clip = writeSoftCutClip(clipDir)
  const id = (await importFixtures(webHost, [clip]))[path.basename(clip)]
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${webHost.url}#/asset/${id}`)
  const section = page.getByRole('region', { name: 'Analyses', exact: true })
  const timeline = page.getByRole('region', { name: 'Analysis timeline' })
  const outcomes = section.getByRole('list', { name: 'Analysis runs' }).getByRole('status')

  // Scenes twice through the form: the defaults miss the soft cut at 2.2 s, threshold 0.15 finds it.
  await section.getByLabel('Analyzer').selectOption('scenes')
  await section.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(outcomes).toHaveText(['Done. 3 ranges.'])
  await section.getByLabel('Scene score (0–1)').fill('0.15')
  await section.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(outcomes.first()).toHaveText('Done. 4 ranges.')

  // Lanes and entries read as names, newest first; no hash in sight.
  const defaultsLane = timeline.getByRole('group', { name: `${DEFAULTS}: 3 ranges` })
  await expect(timeline.getByRole('group', { name: `${LOW}: 4 ranges` })).toBeVisible()
  await expect(defaultsLane).toBeVisible()
  await expect(timeline.locator('.timeline-lane .lane-name')).toHaveText([LOW, DEFAULTS])
  await expect(section.locator('.analysis-entry .entry-head strong')).toHaveText([LOW, DEFAULTS])
  expect(await timeline.innerText()).not.toMatch(/sha256|[0-9a-f]{6}/)

  // The ruler: a slider over the clip's 4.2 s, labelled in half seconds at this width.
  const ruler = timeline.getByRole('slider', { name: 'Playhead' })
  await expect(ruler).toHaveAttribute('aria-valuemax', '4.2')
  await expect
    .poll(() => ruler.locator('.ruler-label').allTextContents())
    .toEqual(expect.arrayContaining(['0:00', '0:00.5', '0:01', '0:01.5', '0:02']))
  expect(await rulerLabelsFit(ruler)).toBe(true)

  // The playhead follows the player when it is seeked elsewhere.
  const video = page.getByRole('article', { name: 'Asset detail' }).locator('video')
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1)
  await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 2.1))
  await expect(ruler).toHaveAttribute('aria-valuenow', '2.1')
  await expect(ruler).toHaveAttribute('aria-valuetext', '0:02.10 of 0:04.20')
  await expect.poll(() => playheadShare(defaultsLane)).toBeCloseTo(0.5, 2)
  expect(await playheadShare(ruler)).toBeCloseTo(0.5, 2)

  // The keyboard moves the player from the ruler: Home, a minor tick, End.
  await ruler.focus()
  await page.keyboard.press('Home')
  expect(await settledTime(video)).toBeCloseTo(0, 2)
  await page.keyboard.press('ArrowRight')
  expect(await settledTime(video)).toBeCloseTo(0.1, 2)
  await page.keyboard.press('End')
  expect(await settledTime(video)).toBeGreaterThan(4.1)
  await expect(page).toHaveURL(new RegExp(`#/asset/${id}$`))

  // A press on the ruler seeks there; a drag along a lane scrubs and the playhead goes along.
  const rulerBox = (await ruler.boundingBox())!
  await page.mouse.click(rulerBox.x + rulerBox.width * 0.25, rulerBox.y + rulerBox.height / 2)
  expect(await settledTime(video)).toBeCloseTo(1.05, 1)
  await drag(page, defaultsLane, 0.1, 0.6)
  expect(await settledTime(video)).toBeCloseTo(2.52, 1)
  expect(await playheadShare(defaultsLane)).toBeCloseTo(0.6, 2)
  await page.screenshot({ path: `${SCREENS}/analysis-lanes-1440.png` })
  await expectNoSeriousAxeViolations(page, 'the asset detail with named lanes, ruler and playhead')

  // Compare the two: both lanes one above the other, the cut only the low threshold found, a click seeks to it.
  await timeline.getByRole('button', { name: 'Compare two…' }).click()
  const compare = page.getByRole('region', { name: 'Compare two analyses' })
  await compare.getByRole('combobox', { name: 'First' }).selectOption({ label: DEFAULTS })
  await compare.getByRole('combobox', { name: 'Second' }).selectOption({ label: LOW })
  await expect(compare.getByRole('group')).toHaveCount(2)
  await expect(compare.locator('.timeline-lane .lane-name')).toHaveText([DEFAULTS, LOW])
  await expect(compare).toContainText('Cuts within ±0.1 s of each other count as the same cut;')
  await expect(compare).toContainText('The first found 2 cuts, the second 3 cuts; 2 of the first’s are in both.')
  const onlyLow = compare.getByRole('list', { name: `Found only in ${LOW}` })
  await expect(onlyLow.getByRole('listitem')).toHaveText([/^0:02\.20 cut, score 0\.2\d$/])
  await expect(compare.getByRole('heading', { name: `Found only in ${DEFAULTS}` })).toBeVisible()
  await expect(compare).toContainText(`Nothing: ${LOW} found every cut this found.`)
  await expect(compare.locator('.lane-mark.cut')).toHaveCount(1)
  await expect(compare.getByRole('table', { name: 'Config differences' }).getByRole('row').nth(1)).toHaveText(
    /threshold\s*0\.3\s*0\.15/,
  )
  await onlyLow.getByRole('button', { name: '0:02.20' }).click()
  expect(Math.abs((await settledTime(video)) - 2.2)).toBeLessThan(0.05)
  const compareRuler = compare.getByRole('slider', { name: 'Playhead of the compared lanes' })
  await expect(compareRuler).toHaveAttribute('aria-valuenow', '2.2')
  await expect.poll(() => playheadShare(compare.getByRole('group').first())).toBeCloseTo(2.2 / 4.2, 2)
  // Off the cut again, so the screenshots show its mark.
  await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 0.6))
  await expect(compareRuler).toHaveAttribute('aria-valuenow', '0.6')
  await compare.evaluate((element) => element.scrollIntoView({ block: 'end' }))
  await page.screenshot({ path: `${SCREENS}/analysis-compare-1440.png` })
  await expectNoSeriousAxeViolations(page, 'two analyses compared')

  // At phone width: nothing wider than the screen, names whole above their tracks, ruler labels apart.
  await page.setViewportSize({ width: 390, height: 844 })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  const names = page.locator('.timeline-lane .lane-name')
  expect(await names.evaluateAll((all) => all.every((name) => name.scrollWidth <= name.clientWidth))).toBe(true)
  // Whole seconds at this width: no half-second label is left.
  await expect
    .poll(() => ruler.locator('.ruler-label').allTextContents())
    .toEqual(expect.arrayContaining(['0:00', '0:01', '0:02', '0:03']))
  await expect(ruler.locator('.ruler-label', { hasText: '.5' })).toHaveCount(0)
  expect(await rulerLabelsFit(ruler)).toBe(true)
  await timeline.evaluate((element) => element.scrollIntoView({ block: 'end' }))
  await page.screenshot({ path: `${SCREENS}/analysis-lanes-390.png` })
  await compare.evaluate((element) => element.scrollIntoView({ block: 'start' }))
  await page.screenshot({ path: `${SCREENS}/analysis-compare-390.png` })
  await expectNoSeriousAxeViolations(page, 'two analyses compared at phone width')
})
