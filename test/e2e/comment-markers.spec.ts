import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fixturePaths } from '../fixtures/make-fixtures'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { expectNoSeriousAxeViolations } from './axe-check'
import { drag, pictureRect, settledTime } from './player'
import { callApi, importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'
const clipDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-markers-'))
test.afterAll(() => rmSync(clipDir, { recursive: true, force: true }))

interface Listed {
  comments: { body: string; at: number | null; region: { x: number; y: number; w: number; h: number } | null }[]
}

// Issue 60 point 1: a comment on an area of a paused frame shows as a marker at its time under the player; the
// marker seeks there, pauses and shows the area over the picture (the picture's, not the letterboxed element's);
// a comment made in another window appears as a marker without a reload.
test('a comment at 0:03 on an area shows as a marker that seeks there and shows the area; another window’s appears live', async ({
  webHost,
  browser,
}) => {
  test.setTimeout(90_000)
  const page = await (await browser.newContext()).newPage()
  // 60 s of 4:3 in a 1440×760 window: the player is capped at 70% of the window's height, so the picture is
  // pillarboxed.
  await page.setViewportSize({ width: 1440, height: 760 })
  await page.goto(webHost.url)
  await page.getByTestId('file-picker').setInputFiles([fixtures.longClip])
  await expect(page.getByTestId('result-count')).toHaveText('1 asset')
  const { items } = await callApi<{ items: { id: string }[] }>(webHost, 'media:list', {})
  const assetId = items[0]!.id
  const detail = `${webHost.origin}/#/asset/${assetId}`
  await page.goto(detail)
  const video = page.locator('video.detail-video')
  const panel = page.getByRole('region', { name: 'Comments' })
  const markers = page.getByRole('group', { name: 'Comment markers' })
  await settledTime(video)
  await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 3))
  expect(await settledTime(video)).toBe(3)

  const picture = await pictureRect(video)
  const element = (await video.boundingBox())!
  expect(picture.x - element.x).toBeGreaterThan(20)
  const at = (fx: number, fy: number) => ({ x: picture.x + fx * picture.width, y: picture.y + fy * picture.height })

  // Escape leaves the Area tool, not the page.
  await panel.getByRole('button', { name: 'Area' }).click()
  await expect(page.getByRole('application', { name: /Drag over the picture/ })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('application', { name: /Drag over the picture/ })).toHaveCount(0)
  await expect(page).toHaveURL(/#\/asset\//)

  await panel.getByRole('button', { name: 'Area' }).click()
  await drag(page, at(0.25, 0.25), at(0.75, 0.5))
  await expect(panel.getByTestId('comment-area')).toHaveText(/Area 50×25% at 0:03/)
  await expect(page.getByTestId('draft-region')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/comment-area-draft-1440.png`, animations: 'disabled' })
  await panel.getByRole('textbox', { name: 'Add a comment' }).fill('The hand on the left melts into the table here')
  await panel.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(panel.getByTestId('comment')).toHaveText(/0:03\s*▭ area\s*The hand on the left/)

  const stored = (await callApi<Listed>(webHost, 'comments:list', { assetId })).comments[0]!
  expect(stored.at).toBe(3)
  expect(stored.region!.x).toBeCloseTo(0.25, 2)
  expect(stored.region!.y).toBeCloseTo(0.25, 2)
  expect(stored.region!.w).toBeCloseTo(0.5, 2)
  expect(stored.region!.h).toBeCloseTo(0.25, 2)

  // The marker stands at 3 s of the track, and hovering it says who and what.
  const marker = markers.getByRole('button')
  await expect(marker).toHaveCount(1)
  await expect(marker).toHaveAttribute('data-at', '3')
  const track = (await markers.boundingBox())!
  const pin = (await marker.boundingBox())!
  const duration = await video.evaluate((v: HTMLVideoElement) => v.duration)
  expect(pin.x + pin.width / 2 - track.x).toBeCloseTo((3 / duration) * track.width, 0)
  await marker.hover()
  await expect(marker.locator('.marker-tip')).toBeVisible()
  await expect(marker.locator('.marker-tip')).toHaveText(/0:03.*: The hand on the left melts into the table here/)

  // Elsewhere and playing: the marker seeks back to 3 s, pauses, and shows the area where it was drawn.
  await video.evaluate((v: HTMLVideoElement) => {
    v.currentTime = 20
    v.muted = true
    return v.play()
  })
  await expect(page.getByTestId('comment-region')).toHaveCount(0)
  await marker.click()
  await expect.poll(() => settledTime(video)).toBe(3)
  expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true)
  const region = (await page.getByTestId('comment-region').boundingBox())!
  expect(region.x).toBeCloseTo(at(0.25, 0).x, -0.5)
  expect(region.y).toBeCloseTo(at(0, 0.25).y, -0.5)
  expect(region.width).toBeCloseTo(picture.width * 0.5, -0.5)
  expect(region.height).toBeCloseTo(picture.height * 0.25, -0.5)
  await expect(panel.locator('.comment-thread.focused')).toHaveText(/The hand on the left/)
  await page.screenshot({ path: `${SCREENS}/comment-markers-1440.png`, animations: 'disabled' })

  // Another window comments at 0:20; this one shows its marker without a reload.
  const other = await (await browser.newContext()).newPage()
  await other.goto(webHost.url)
  await expect(other.getByTestId('result-count')).toHaveText('1 asset')
  await other.goto(detail)
  const otherVideo = other.locator('video.detail-video')
  await settledTime(otherVideo)
  await otherVideo.evaluate((v: HTMLVideoElement) => (v.currentTime = 20))
  expect(await settledTime(otherVideo)).toBe(20)
  const otherPanel = other.getByRole('region', { name: 'Comments' })
  await otherPanel.getByRole('textbox', { name: 'Add a comment' }).fill('Cut before the flash')
  await otherPanel.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(marker).toHaveCount(2)
  await expect(marker.nth(1)).toHaveAttribute('data-at', '20')
  await expect(marker.nth(1)).toHaveAccessibleName(/^0:20, .*: Cut before the flash$/)

  // A resolved comment's marker is dimmed.
  await panel.getByTestId('comment').nth(1).getByRole('button', { name: 'Resolve' }).click()
  await expect(marker.nth(1)).toHaveAccessibleName(/\(resolved\)$/)
  await expect(marker.nth(1)).toHaveCSS('opacity', '0.35')

  // A long conversation: the last marker scrolls the Comments panel to its thread, and the picture stays in view.
  for (const second of [30, 32, 34, 36, 38, 40, 42, 44, 46, 48]) {
    await callApi(webHost, 'comments:add', { assetId, body: `Note at ${second} s`, at: second })
  }
  await expect(marker).toHaveCount(12)
  // (Pressing Resolve scrolled the page down to it.)
  await page.locator('.detail-head').evaluate((head) => head.scrollIntoView())
  await marker.last().click()
  const last = panel.locator('.comment-thread.focused')
  await expect(last).toHaveText(/Note at 48 s/)
  await expect(last).toBeInViewport()
  await expect(video).toBeInViewport({ ratio: 0.7 })
  await expect.poll(() => settledTime(video)).toBe(48)

  await page.setViewportSize({ width: 390, height: 844 })
  await marker.first().click()
  await expect(page.getByTestId('comment-region')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/comment-markers-390.png`, animations: 'disabled' })
  await expectNoSeriousAxeViolations(page, 'the comment markers')
})

// The Area tool on a still: the region is in fractions of the picture, and a comment's area button shows it there.
test('an area drawn over an image is stored as fractions of the picture and shown where it was drawn', async ({
  page,
  webHost,
}) => {
  const id = (await importFixtures(webHost, [fixtures.png]))[path.basename(fixtures.png)]!
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${webHost.url}#/asset/${id}`)
  const image = page.locator('.image-view img')
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(640)
  const panel = page.getByRole('region', { name: 'Comments' })
  await page.setViewportSize({ width: 390, height: 844 })
  await panel.getByRole('button', { name: 'Area' }).click()
  await image.scrollIntoViewIfNeeded()
  let box = (await image.boundingBox())!
  await drag(
    page,
    { x: box.x + box.width * 0.6, y: box.y + box.height * 0.8 },
    { x: box.x + box.width * 0.9, y: box.y + box.height * 0.4 },
  )
  await expect(panel.getByTestId('comment-area')).toHaveText(/^Area 30×40%Remove area$/)
  await expect(page.getByTestId('draft-region')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/comment-area-image-390.png`, animations: 'disabled' })
  await panel.getByRole('textbox', { name: 'Add a comment' }).fill('Sky is banding')
  await panel.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(page.getByTestId('draft-region')).toHaveCount(0)
  const stored = (await callApi<Listed>(webHost, 'comments:list', { assetId: id })).comments[0]!
  expect(stored.at).toBeNull()
  expect(stored.region!.x).toBeCloseTo(0.6, 2)
  expect(stored.region!.y).toBeCloseTo(0.4, 2)
  expect(stored.region!.w).toBeCloseTo(0.3, 2)
  expect(stored.region!.h).toBeCloseTo(0.4, 2)

  // Picked in the panel below the picture (390 px wide): the picture comes back into view with the area on it.
  await panel.getByRole('button', { name: '▭ area' }).click()
  await expect(page.getByTestId('comment-region')).toBeInViewport()
  await expect(image).toBeInViewport()
  box = (await image.boundingBox())!
  const region = (await page.getByTestId('comment-region').boundingBox())!
  expect(region.x).toBeCloseTo(box.x + box.width * 0.6, -0.5)
  expect(region.y).toBeCloseTo(box.y + box.height * 0.4, -0.5)
  expect(region.width).toBeCloseTo(box.width * 0.3, -0.5)
})

// The filmstrip of a pipeline's timeline carries the comments too, at their frames; a click picks the comment.
test('the filmstrip shows comments at their frames, the resolved dimmed; a click seeks there and shows the area', async ({
  page,
  webHost,
}) => {
  test.setTimeout(180_000)
  const clip = writeWordClip(clipDir)
  const id = (await importFixtures(webHost, [clip]))[path.basename(clip)]!
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${webHost.url}#/asset/${id}`)
  const section = page.getByRole('region', { name: 'Timeline', exact: true })
  const form = section.getByRole('form', { name: 'Run pipeline' })
  const video = page.locator('.detail-player video')
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState)).toBeGreaterThanOrEqual(1)
  await form.getByLabel('Terms to look for').fill('ACME')
  await form.getByRole('button', { name: 'Run pipeline' }).click()
  const frames = section.getByRole('listbox', { name: 'Frames, 2 a second' })
  await expect(frames.getByRole('option').first()).toBeVisible({ timeout: 120_000 })

  const region = { x: 0.1, y: 0.1, w: 0.2, h: 0.2 }
  await callApi(webHost, 'comments:add', { assetId: id, body: 'Logo too small', at: 3, region })
  const { comment } = await callApi<{ comment: { id: number } }>(webHost, 'comments:add', {
    assetId: id,
    body: 'Hold longer',
    at: 5,
    end: 6,
  })
  await callApi(webHost, 'comments:resolve', { id: comment.id })
  const lane = section.getByRole('group', { name: 'Comments' }).getByRole('button')
  await expect(lane).toHaveCount(2)
  await expect(lane.nth(1)).toHaveClass(/dim/)
  // At 2 frames a second, 3 s is frame 6: the bar starts where that frame does.
  const sixth = (await frames.getByRole('option', { name: /frame 6\b/ }).boundingBox())!
  expect((await lane.first().boundingBox())!.x).toBeCloseTo(sixth.x, -0.5)
  await lane.first().click()
  await expect.poll(() => settledTime(video)).toBe(3)
  await expect(page.getByTestId('comment-region')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Comments' }).locator('.comment-thread.focused')).toHaveText(
    /Logo too small/,
  )
})
