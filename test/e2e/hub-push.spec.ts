import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { fixturePaths } from '../fixtures/make-fixtures'
import { runCli } from './cli-run'
import { callApi, importFixtures, listAssets } from './web-api'
import { expect, startWebHost, stopWebHost, test, type RunningWebHost } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

/** Ada's own library: a clip tagged Harbour, a still and a GIF in her collection "Selects". Its folder. */
async function adasLibrary(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-e2e-own-'))
  const own = await startWebHost(dir)
  try {
    const ids = await importFixtures(own, [fixtures.mp4, fixtures.png, fixtures.animatedGif])
    const [clip, still, gif] = [fixtures.mp4, fixtures.png, fixtures.animatedGif].map(
      (file) => ids[path.basename(file)]!,
    )
    await callApi(own, 'media:tag', { ids: [clip], tags: ['Harbour'] })
    const { collection } = await callApi<{ collection: { id: number } }>(own, 'collections:create', { name: 'Selects' })
    await callApi(own, 'collections:add', { collectionId: collection.id, ids: [still, gif] })
  } finally {
    await stopWebHost(own)
  }
  return dir
}

/** What the hub holds as the window of a person sees it: names, Harbour's assets, Selects' members. */
async function hubState(hub: RunningWebHost) {
  const names = (await listAssets(hub)).map((asset) => asset.name).sort()
  const harbour = (await listAssets(hub, { filter: { tags: ['Harbour'] } })).map((asset) => asset.name)
  const { collections } = await callApi<{ collections: Array<{ name: string; count: number }> }>(
    hub,
    'collections:list',
    {},
  )
  return { names, harbour, collections: collections.map(({ name, count }) => ({ name, count })) }
}

const card = (page: Page, name: string) => page.getByTestId('media-card').filter({ hasText: name })

// Issue 64 point 2: the team's curation on the hub stays when someone pushes her library again.
test('a push never undoes the hub: an untag, a collection removal and a delete there stay; --dry-run says so first', async ({
  webHost,
  browser,
}) => {
  // Two pushes, a dry run, a library of Ada's own and an editor's window on a hub.
  test.setTimeout(180_000)
  const own = await adasLibrary()
  const push = (...more: string[]) =>
    runCli(['push', '--library', own, '--hub', webHost.origin, '--token', webHost.token, ...more], webHost.env)
  const first = await push()
  expect(first.code, first.stderr).toBe(0)

  const { token } = await callApi<{ token: string }>(webHost, 'people:add', { name: 'Eddie', role: 'editor' })
  const eddie = await (await browser.newContext()).newPage()
  await eddie.goto(`${webHost.origin}/?token=${token}`)
  await expect(eddie.getByTestId('result-count')).toHaveText('3 assets')
  const [clip, still, gif] = [fixtures.mp4, fixtures.png, fixtures.animatedGif].map((file) => path.basename(file))

  // Eddie takes the tag off the clip, the GIF out of Selects, and deletes the still.
  await card(eddie, clip).click()
  await eddie.keyboard.press('Enter')
  await eddie.getByRole('button', { name: 'Remove tag Harbour' }).click()
  await expect(eddie.getByRole('button', { name: 'Remove tag Harbour' })).toHaveCount(0)
  await eddie.goBack()
  const selects = eddie.getByTestId('filter-panel').locator('fieldset[data-facet="Collections"]')
  await selects.locator('label.choice', { hasText: 'Selects' }).getByRole('radio').check()
  await expect(eddie.getByTestId('result-count')).toHaveText('2 assets')
  await card(eddie, gif).click()
  await eddie.getByRole('button', { name: 'Remove from this collection' }).click()
  await expect(eddie.getByTestId('result-count')).toHaveText('1 asset')
  await card(eddie, still).click()
  await eddie.keyboard.press('Delete')
  await eddie
    .getByRole('dialog', { name: 'Delete 1 asset?' })
    .getByRole('button', { name: 'Delete', exact: true })
    .click()
  await expect(eddie.getByTestId('undo-bar')).toContainText('Deleted 1 asset')
  const curated = { names: [clip, gif].sort(), harbour: [], collections: [{ name: 'Selects', count: 0 }] }
  expect(await hubState(webHost)).toEqual(curated)

  // The dry run tells what a push would skip, and why, and changes nothing.
  const day = new Date().toISOString().slice(0, 10)
  const dry = await push('--dry-run')
  expect(dry.code, dry.stderr).toBe(0)
  expect(dry.stderr).toMatch(/^Would push .*Nothing was changed\. 3 item\(s\) skipped as removed on the hub/m)
  for (const skipped of [
    `Skipped ${still}: deleted on the hub by Eddie on ${day}: not sent`,
    `Skipped ${clip}: tag "Harbour" taken off on the hub by Eddie on ${day}: not sent`,
    `Skipped ${gif}: taken out of "Selects" on the hub by Eddie on ${day}: not sent`,
  ])
    expect(dry.stderr).toContain(skipped)
  expect(await hubState(webHost)).toEqual(curated)

  // The push itself skips the same three, and the hub stays as the team left it.
  const second = await push()
  expect(second.code, second.stderr).toBe(0)
  expect(second.stderr).toContain(`${still}: deleted on the hub by Eddie on ${day}: not sent`)
  expect(await hubState(webHost)).toEqual(curated)
  await expect(eddie.getByTestId('result-count')).toHaveText('0 assets')

  // Eddie's Undo still works: nothing of that content came back meanwhile to stand in its way.
  await eddie.getByTestId('undo-bar').getByRole('button', { name: 'Undo' }).click()
  await expect(eddie.getByTestId('undo-bar')).toContainText('1 asset is back')
  expect((await hubState(webHost)).names).toEqual([clip, gif, still].sort())
  await eddie.screenshot({ path: `${SCREENS}/hub-push-after-undo.png` })
})
