import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { fixturePaths } from '../fixtures/make-fixtures'
import { sha256Of } from '../helpers/ingest'
import { zipEntries } from '../helpers/zip-entries'
import { callApi, openWithImported } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()
const COPIED = [fixtures.mp4, fixtures.png, fixtures.jpg]

const card = (page: Page, name: string) => page.getByTestId('media-card').filter({ hasText: name })

test('three selected assets download as one zip of their originals; the detail and a collection download too', async ({
  page,
  webHost,
}) => {
  const assets = await openWithImported(page, webHost, COPIED)
  await card(page, assets[0].name).click()
  for (const asset of assets.slice(1)) await card(page, asset.name).click({ modifiers: ['ControlOrMeta'] })
  const bar = page.getByTestId('selection-bar')
  await expect(bar.getByTestId('selection-count')).toHaveText('3 selected')
  const [zip] = await Promise.all([
    page.waitForEvent('download'),
    bar.getByRole('button', { name: 'Download' }).click(),
  ])
  expect(zip.suggestedFilename()).toBe('3 assets.zip')
  await expect(bar.getByRole('status')).toHaveText('Downloading 3 assets as a zip')
  await page.screenshot({ path: `${SCREENS}/download-selection.png` })
  const entries = await zipEntries(readFileSync((await zip.path())!))
  expect(entries.map((entry) => entry.sha256).sort()).toEqual(COPIED.map(sha256Of).sort())

  await card(page, assets[1].name).dblclick()
  const [original] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download', exact: true }).click(),
  ])
  expect(sha256Of((await original.path())!)).toBe(assets[1].fileHash)

  const made = await callApi<{ collection: { id: number } }>(webHost, 'collections:create', { name: 'Picks' })
  await callApi(webHost, 'collections:add', { collectionId: made.collection.id, ids: [assets[0].id, assets[2].id] })
  await page.goBack()
  const section = page.getByTestId('filter-panel').locator('fieldset[data-facet="Collections"]')
  await section.locator('label.choice', { hasText: 'Picks' }).getByRole('radio').check()
  await expect(page.getByTestId('result-count')).toHaveText('2 assets')
  const [collection] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download as zip' }).click(),
  ])
  expect(collection.suggestedFilename()).toBe('Picks.zip')
  expect((await zipEntries(readFileSync((await collection.path())!))).map((entry) => entry.sha256).sort()).toEqual(
    [assets[0].fileHash, assets[2].fileHash].sort(),
  )
})
