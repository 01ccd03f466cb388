import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { writeVideoVariants } from '../helpers/footage-variants'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi, listAssets, openWithImported } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const VARIANTS = ['low-bitrate.mp4', 'half-size.mp4']
// How far apart the group's videos may play: one frame-step of drift correction plus the page's reading of them.
const IN_STEP = 0.3

let footage: string

test.beforeAll(async () => {
  test.setTimeout(120_000)
  footage = mkdtempSync(path.join(os.tmpdir(), 'framevault-similar-'))
  await writeVideoVariants(footage, [...VARIANTS, 'middle-half.mp4'])
})

test.afterAll(() => rmSync(footage, { recursive: true, force: true }))

type Status = { hashed: number; waiting: number; job: unknown }

/** Waits until the hashing job the import queued has hashed every asset. */
async function hashingDone(host: RunningWebHost, assets: number): Promise<void> {
  await expect
    .poll(() => callApi<Status>(host, 'similar:status', {}), { timeout: 90_000, intervals: [500] })
    .toEqual(expect.objectContaining({ hashed: assets, waiting: 0, job: null }))
}

/** Every member video's currentTime in the group, in page order. */
const videoTimes = (group: Locator) =>
  group.locator('video').evaluateAll((videos) => videos.map((video) => (video as HTMLVideoElement).currentTime))

const cardNames = (page: Page) => page.getByTestId('media-card').locator('.media-name').allInnerTexts()

const memberNames = (group: Locator) => group.getByTestId('similar-member').locator('.similar-name').allInnerTexts()

async function openReview(page: Page): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Near-duplicates' }).click()
  await expect(page).toHaveURL(/#\/similar$/)
  await expect(page.getByRole('heading', { name: 'Near-duplicates', level: 1 })).toBeVisible()
  return page.getByTestId('similar-group')
}

test('the review page plays a group together, deletes the non-keeper, and Undo brings it back', async ({
  page,
  webHost,
}) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  const files = ['source.mp4', 'unrelated.mp4', ...VARIANTS].map((name) => path.join(footage, name))
  await openWithImported(page, webHost, files)

  // Opened while the import's hashing job runs, the page follows it: status and groups arrive as it ends.
  const groups = await openReview(page)
  await page.screenshot({ path: `${SCREENS}/similar-hashing.png` })
  await expect(page.getByTestId('similar-status')).toHaveText('4 assets hashed, 0 waiting.', { timeout: 90_000 })
  await expect(groups).toHaveCount(1)
  const group = groups.first()
  await expect(group.getByRole('heading', { level: 2 })).toHaveText('source.mp4 and 2 near-duplicates')
  await expect(group.getByTestId('similar-member')).toHaveCount(3)
  expect((await memberNames(group)).sort()).toEqual(['half-size.mp4', 'low-bitrate.mp4', 'source.mp4'])
  await expect(group.getByTestId('similar-member').filter({ hasText: 'half-size.mp4' })).toContainText(
    /Same footage as source\.mp4, \d+% matched\./,
  )
  await expect(group.getByTestId('stretch-bar').first()).toHaveAttribute('aria-label', /^Matched: 0:0\d–0:1\d/)

  // One Play drives every member: all advance, and stay together.
  await group.getByRole('button', { name: 'Play all' }).click()
  await expect.poll(async () => Math.min(...(await videoTimes(group))), { timeout: 15_000 }).toBeGreaterThan(1)
  for (let sample = 0; sample < 5; sample++) {
    const times = await videoTimes(group)
    expect(Math.max(...times) - Math.min(...times), `times ${times.join(', ')}`).toBeLessThan(IN_STEP)
    await page.waitForTimeout(300)
  }
  await page.screenshot({ path: `${SCREENS}/similar-playing.png` })
  await expectNoSeriousAxeViolations(page, 'the near-duplicates review')
  await group.getByRole('button', { name: 'Pause' }).click()
  const paused = await videoTimes(group)
  await page.waitForTimeout(400)
  expect(await videoTimes(group)).toEqual(paused)

  // Resolve all says what it would delete before anything goes.
  const { bytesFreed } = await callApi<{ bytesFreed: number }>(webHost, 'similar:groups', {})
  const freed = `${(bytesFreed / 1024).toFixed(1)} KiB`
  await expect(page.getByTestId('similar-summary')).toContainText(`frees about ${freed}.`)
  await page.getByRole('button', { name: 'Resolve all with the preselection…' }).click()
  const resolve = page.getByTestId('resolve-all-dialog')
  await expect(resolve.getByTestId('resolve-all-summary')).toContainText(
    `Keeps the group’s keeper and deletes 2 other assets, freeing ${freed}:`,
  )
  await expect(resolve.getByRole('listitem')).toHaveCount(2)
  await page.screenshot({ path: `${SCREENS}/similar-resolve-all.png` })
  await resolve.getByRole('button', { name: 'Cancel' }).click()
  await expect(resolve).toBeHidden()

  // The preselected keeper stays; another member goes to the trash, and Undo brings it back.
  const keeper = group.getByTestId('similar-member').filter({ has: page.getByRole('radio', { checked: true }) })
  await expect(keeper).toHaveCount(1)
  const keeperName = await keeper.locator('.similar-name').innerText()
  const doomed = (await memberNames(group)).find((name) => name !== keeperName)!
  await group.getByRole('button', { name: `Delete ${doomed}…` }).click()
  const ask = page.getByTestId('delete-dialog')
  await expect(ask.getByRole('heading')).toHaveText('Delete 1 asset?')
  await ask.getByRole('button', { name: 'Delete' }).click()
  await expect(group.getByTestId('similar-member')).toHaveCount(2)
  expect(await memberNames(group)).not.toContain(doomed)
  await expect(group.getByRole('heading', { level: 2 })).toBeFocused()
  await expect(page.getByTestId('undo-bar')).toContainText('Deleted 1 asset')
  await page.screenshot({ path: `${SCREENS}/similar-deleted.png` })

  await page.getByTestId('undo-bar').getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByTestId('undo-bar')).toContainText('1 asset is back')
  await expect(group.getByTestId('similar-member')).toHaveCount(3)
  expect(await memberNames(group)).toContain(doomed)

  // "Not a duplicate" takes the member out of its group (paired off with each other member); its Undo rejoins it.
  const halfSize = group.getByTestId('similar-member').filter({ hasText: 'half-size.mp4' })
  await halfSize.getByRole('button', { name: 'Not a duplicate of the others' }).click()
  await expect(group.getByTestId('similar-member')).toHaveCount(2)
  expect(await memberNames(group)).not.toContain('half-size.mp4')
  await page
    .getByRole('status')
    .filter({ hasText: 'Marked as not duplicates' })
    .getByRole('button', { name: 'Undo' })
    .click()
  await expect(group.getByTestId('similar-member')).toHaveCount(3)

  await page.setViewportSize({ width: 390, height: 844 })
  await expect(group.getByTestId('similar-member')).toHaveCount(3)
  await page.screenshot({ path: `${SCREENS}/similar-narrow.png` })
  await group.getByTestId('similar-member').last().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/similar-narrow-members.png` })

  // The asset detail lists the near-duplicates; the Stats page counts the group and what keeping one frees.
  await page.setViewportSize({ width: 1440, height: 900 })
  await group.getByTestId('similar-member').filter({ hasText: 'half-size.mp4' }).getByRole('link').first().click()
  const listed = page.getByRole('list', { name: 'Near-duplicates of this asset' })
  await expect(listed.getByRole('listitem')).toHaveCount(2)
  await expect(listed).toContainText('Same footage as source.mp4')
  await listed.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/similar-detail.png` })
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Stats', exact: true }).click()
  const card = page.getByTestId('stats-card-similar')
  await expect(card.getByTestId('stats-similar-groups')).toHaveText('1')
  // After the Undos the group is as it was: the same bytes as before the delete.
  await expect(card.getByTestId('stats-similar-bytes')).toHaveAttribute('title', `${bytesFreed} bytes`)

  // The library filters on it: the group's members, or the others, each choice with its count.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click()
  const facet = page.getByTestId('filter-panel').locator('fieldset[data-facet="Near-duplicates"]')
  const has = facet.locator('label.choice', { hasText: 'Has near-duplicates' })
  await expect(has.getByTestId('facet-count')).toHaveText('3')
  await has.getByRole('checkbox').check()
  await expect(page).toHaveURL(/neardup=1/)
  await expect(page.getByTestId('result-count')).toHaveText('3 assets')
  await expect
    .poll(async () => (await cardNames(page)).sort())
    .toEqual(['half-size.mp4', 'low-bitrate.mp4', 'source.mp4'])
  await page.screenshot({ path: `${SCREENS}/similar-library-filter.png` })
  await facet.locator('label.choice', { hasText: 'No near-duplicates' }).getByRole('checkbox').check()
  await expect(page).toHaveURL(/neardup=0/)
  await expect.poll(() => cardNames(page)).toEqual(['unrelated.mp4'])
})

test('with nothing alike, the review page says hashing compared them and found none', async ({ page, webHost }) => {
  test.setTimeout(120_000)
  const files = ['source.mp4', 'unrelated.mp4'].map((name) => path.join(footage, name))
  await openWithImported(page, webHost, files)
  await hashingDone(webHost, files.length)
  const groups = await openReview(page)
  await expect(page.getByTestId('similar-empty')).toHaveText(
    'No near-duplicates: hashing compared 2 assets and found none alike.',
  )
  await expect(groups).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Resolve all with the preselection…' })).toHaveCount(0)
})

test('a trim is listed inside the clips it lies in, a proxy is kin, and "Keep this, delete the others" spares both', async ({
  page,
  webHost,
}) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  const files = ['source.mp4', ...VARIANTS, 'middle-half.mp4'].map((name) => path.join(footage, name))
  const assets = await openWithImported(page, webHost, files)
  await hashingDone(webHost, files.length)
  // A proxy of the source: the same footage, but made from it (one stack), so no duplicate of it.
  const source = assets.find((asset) => asset.name === 'source.mp4')!
  const { job } = await callApi<{ job: { id: string } }>(webHost, 'processing:run', {
    assetId: source.id,
    action: 'proxy',
    config: { height: 144 },
  })
  await expect
    .poll(async () => (await callApi<{ job: { state: string } }>(webHost, 'jobs:get', { jobId: job.id })).job.state, {
      timeout: 60_000,
    })
    .toBe('done')
  await callApi(webHost, 'similar:hash-all', {})
  await hashingDone(webHost, files.length + 1)
  const proxy = (await listAssets(webHost)).find((asset) => asset.sourceType === 'processed')!

  const groups = await openReview(page)
  await expect(groups).toHaveCount(1)
  const group = groups.first()
  const member = (name: string) =>
    group.getByTestId('similar-member').filter({ has: page.getByRole('link', { name, exact: true }) })
  // The trim is its own clip: not a member, named by the clips it lies in, with where.
  expect((await memberNames(group)).sort()).toEqual(
    ['half-size.mp4', 'low-bitrate.mp4', proxy.name, 'source.mp4'].sort(),
  )
  await expect(group.locator('.similar-inside')).toHaveText(
    /^Clips of their own inside this footage \(not duplicates\): middle-half\.mp4 at 0:0[23]–0:0[89]\.$/,
  )
  // The source is kept before its proxy (made from it) and before the smaller or more compressed copies.
  await expect(member('source.mp4')).toContainText(
    'Preselected to keep: the best quality at its size: the most data a second.',
  )
  await expect(member(proxy.name)).toContainText(
    'Related to source.mp4 by how they were made (one is a proxy of the other): not a duplicate, never deleted with the others.',
  )
  await page.screenshot({ path: `${SCREENS}/similar-kin-and-trim.png`, fullPage: true })

  // Kept instead, low-bitrate.mp4 lets only half-size.mp4 go: the source and its proxy are kin.
  await member('low-bitrate.mp4').getByRole('button', { name: 'Keep low-bitrate.mp4, delete the others…' }).click()
  const ask = page.getByTestId('delete-dialog')
  await expect(ask.getByRole('heading')).toHaveText('Delete 1 asset?')
  await expect(ask).toContainText('half-size.mp4')
  await ask.getByRole('button', { name: 'Delete' }).click()
  await expect(group.getByTestId('similar-member')).toHaveCount(3)
  expect(await memberNames(group)).not.toContain('half-size.mp4')
  await page.getByTestId('undo-bar').getByRole('button', { name: 'Undo' }).click()
  await expect(group.getByTestId('similar-member')).toHaveCount(4)
})
