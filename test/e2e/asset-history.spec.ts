import { fixturePaths } from '../fixtures/make-fixtures'
import { callApi, importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

// Issue 60 point 6: an asset's detail shows its own history in words: its import (new against already there), an
// edit with what it changed from, and a review link's guest's comment, marked guest.
test('an asset’s history says its import, a rating old → new and a guest’s comment', async ({ webHost, browser }) => {
  const clip = (await importFixtures(webHost, [fixtures.mp4]))['clip.mp4']!
  await callApi(webHost, 'media:set-rating', { ids: [clip], rating: 2 })
  const { collection } = await callApi<{ collection: { id: number } }>(webHost, 'collections:create', {
    name: 'Client picks',
    private: false,
  })
  await callApi(webHost, 'collections:add', { collectionId: collection.id, ids: [clip] })
  const { token } = await callApi<{ token: string }>(webHost, 'links:create', { collectionId: collection.id })
  // The guest comments as the link's page does: the link's token, the name they typed.
  const guest = await fetch(`${webHost.origin}/api/comments:add`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-framevault-guest': 'Dana', 'content-type': 'application/json' },
    body: JSON.stringify({ assetId: clip, body: 'Lovely light in the first second' }),
  })
  expect(((await guest.json()) as { ok: boolean }).ok).toBe(true)

  const admin = await (await browser.newContext()).newPage()
  await admin.setViewportSize({ width: 1440, height: 900 })
  await admin.goto(webHost.url)
  await expect(admin.getByTestId('result-count')).toHaveText('1 asset')
  await admin.goto(`${webHost.origin}/#/asset/${clip}`)
  const rating = admin.getByRole('radiogroup')
  await expect(rating).toHaveAttribute('aria-label', 'Rating: 2 of 5 stars')
  await rating.focus()
  await rating.press('ArrowRight')
  const history = admin.getByRole('list', { name: 'History of this asset' }).getByRole('listitem')
  await expect(history.first()).toContainText('admin rated clip.mp4 ★★ → ★★★')
  await expect(history.nth(1)).toContainText('Dana (guest) commented on clip.mp4: “Lovely light in the first second”')
  await expect(history.last()).toContainText('admin imported 1 new file')
  await history.first().scrollIntoViewIfNeeded()
  await admin.screenshot({ path: `${SCREENS}/asset-history-1440.png`, animations: 'disabled' })
})
