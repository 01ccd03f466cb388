import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { EVENT_ROLES } from '../../shared/access'
import { fixturePaths } from '../fixtures/make-fixtures'
import { sha256Of } from '../helpers/ingest'
import { zipEntries } from '../helpers/zip-entries'
import { drag, pictureRect, settledTime } from './player'
import { signedInWindow } from './signed-in-window'
import { callApi, importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

/** Starts keeping every event the window's own stream hears, by name and data (read with `heardBy`). */
function listenToEvents(page: Page): Promise<void> {
  return page.evaluate((names) => {
    const heard: string[] = []
    Object.assign(window, { heard })
    const stream = new EventSource('/events')
    for (const name of names) {
      stream.addEventListener(name, (message) => heard.push(`${name} ${(message as MessageEvent<string>).data}`))
    }
  }, Object.keys(EVENT_ROLES))
}

const heardBy = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard)

/** What a window's fetch of `path` answers: its status. */
const statusOf = (page: Page, path: string) => page.evaluate(async (url) => (await fetch(url)).status, path)

// Issue 60's acceptance, one scenario on a hub: an editor comments at 0:03 on an area of a clip, mentioning the admin;
// Cleo, a client (a commenter) limited to the one collection shared with her, sees the marker, replies and asks for
// changes, and finds nothing outside that collection by page, search, facet, id, file or thumbnail URL, or event; a
// guest of a review link with a password comments under the name they type, marked guest, and their open page stops
// when the link is revoked; the admin downloads a selection of three as a zip of the originals, byte for byte, and
// finds the editor's mention in the inbox.
test('a studio and its client review on a hub: comments, approvals, what each sees, a guest link, a zip, the inbox', async ({
  webHost,
  browser,
}) => {
  test.setTimeout(240_000)
  const ids = await importFixtures(webHost, [fixtures.longClip, fixtures.mp4, fixtures.png, fixtures.jpg])
  const [clip, hidden] = [ids['long.mp4']!, ids['clip.mp4']!]
  const { token: edToken } = await callApi<{ token: string }>(webHost, 'people:add', { name: 'Ed', role: 'editor' })
  const cleo = await callApi<{ token: string; person: { id: number; scope: string } }>(webHost, 'people:add', {
    name: 'Cleo',
    role: 'commenter',
  })
  expect(cleo.person.scope).toBe('shared')
  const { collection } = await callApi<{ collection: { id: number } }>(webHost, 'collections:create', {
    name: 'Client cut',
  })
  await callApi(webHost, 'collections:add', { collectionId: collection.id, ids: [clip, ids['image.png']] })
  await callApi(webHost, 'collections:share', { collectionId: collection.id, with: { personId: cleo.person.id } })
  await callApi(webHost, 'media:tag', { ids: [clip, ids['image.jpg']], tags: ['hero'] })
  await callApi(webHost, 'media:tag', { ids: [hidden, ids['image.jpg']], tags: ['internal-only'] })
  const detail = (id: string) => `${webHost.origin}/#/asset/${id}`

  // The editor comments at 0:03 on an area of the paused frame, mentioning the admin.
  const editor = await signedInWindow(browser, webHost, { token: edToken })
  await editor.goto(detail(clip))
  const video = editor.locator('video.detail-video')
  await settledTime(video)
  await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 3))
  expect(await settledTime(video)).toBe(3)
  const picture = await pictureRect(video)
  const at = (fx: number, fy: number) => ({ x: picture.x + fx * picture.width, y: picture.y + fy * picture.height })
  const panel = editor.getByRole('region', { name: 'Comments' })
  await panel.getByRole('button', { name: 'Area' }).click()
  await drag(editor, at(0.25, 0.25), at(0.75, 0.5))
  await expect(panel.getByTestId('comment-area')).toHaveText(/Area 50×25% at 0:03/)
  await panel.getByRole('textbox', { name: 'Add a comment' }).fill('@admin the hand melts into the table here')
  await panel.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(panel.getByTestId('comment')).toHaveText([/^Ed\s*0:03\s*▭ area\s*@admin the hand melts/])
  await editor.screenshot({ path: `${SCREENS}/acceptance-editor-1440.png`, animations: 'disabled' })

  // Cleo sees the shared collection alone, the editor's marker at 0:03 with its area, replies and asks for changes.
  const client = await signedInWindow(browser, webHost, { token: cleo.token })
  await expect(client.getByTestId('result-count')).toHaveText('2 assets')
  const cards = client.getByTestId('media-card')
  await expect(cards).toHaveCount(2)
  const listed = await cards.evaluateAll((all) => all.map((card) => card.getAttribute('data-asset-id')))
  expect(listed.sort()).toEqual([clip, ids['image.png']].sort())
  await client.goto(detail(clip))
  const marker = client.getByRole('group', { name: 'Comment markers' }).getByRole('button')
  await expect(marker).toHaveCount(1)
  await expect(marker).toHaveAttribute('data-at', '3')
  await marker.click()
  await expect.poll(() => settledTime(client.locator('video.detail-video'))).toBe(3)
  await expect(client.getByTestId('comment-region')).toBeVisible()
  const theirs = client.getByRole('region', { name: 'Comments' })
  await theirs.getByRole('textbox', { name: 'Reply' }).fill('Please fix the hand before Friday')
  await theirs.getByRole('button', { name: 'Reply', exact: true }).click()
  await expect(theirs.getByTestId('comment').nth(1)).toHaveText(/Cleo\s*Please fix the hand before Friday/)
  await theirs.getByLabel('Review').selectOption({ label: 'Needs changes' })
  await expect(theirs.getByTestId('review-set-by')).toHaveText(/^by Cleo, /)
  await client.screenshot({ path: `${SCREENS}/acceptance-client-1440.png`, animations: 'disabled' })
  await client.setViewportSize({ width: 390, height: 844 })
  await theirs.scrollIntoViewIfNeeded()
  await client.screenshot({ path: `${SCREENS}/acceptance-client-390.png`, animations: 'disabled' })
  await client.setViewportSize({ width: 1440, height: 900 })
  // The editor's window hears both.
  const edPanel = editor.getByRole('region', { name: 'Comments' })
  await expect(edPanel.getByTestId('comment').nth(1)).toHaveText(/Cleo\s*Please fix the hand before Friday/)
  await expect(edPanel.getByLabel('Review')).toHaveValue('needs-changes')

  // Nothing outside the collection reaches Cleo: not by search, facet, id, file or thumbnail URL.
  await client.goto(`${webHost.origin}/#/library`)
  await client.getByRole('searchbox', { name: 'Search' }).fill('image')
  await expect(client.getByTestId('result-count')).toHaveText('1 asset')
  await expect(cards).toHaveAttribute('data-asset-id', ids['image.png']!)
  await client.getByRole('searchbox', { name: 'Search' }).fill('')
  await expect(client.getByTestId('result-count')).toHaveText('2 assets')
  const tags = client.getByTestId('filter-panel').locator('fieldset[data-facet="Tags"]')
  await expect(tags.locator('label.choice', { hasText: 'hero' }).getByTestId('facet-count')).toHaveText('1')
  await expect(tags.locator('label.choice', { hasText: 'internal-only' })).toHaveCount(0)
  // (They are there: the admin's token reads them.)
  const asAdmin = async (path: string) =>
    (await fetch(`${webHost.origin}${path}`, { headers: { authorization: `Bearer ${webHost.token}` } })).status
  for (const id of [hidden, ids['image.jpg']!]) {
    await expect.poll(() => asAdmin(`/media/thumbs/${id}/poster.jpg`), { timeout: 30_000 }).toBe(200)
    expect(await statusOf(client, `/media/files/${id}`), id).toBe(404)
    expect(await statusOf(client, `/media/thumbs/${id}/poster.jpg`), id).toBe(404)
  }
  // What she may see answers (its poster once made).
  expect([200, 206]).toContain(await statusOf(client, `/media/files/${clip}`))
  await expect.poll(() => statusOf(client, `/media/thumbs/${clip}/poster.jpg`), { timeout: 30_000 }).toBe(200)
  // ... nor by event: an asset the admin imports now is told of to the admin's stream, never to Cleo's.
  const admin = await signedInWindow(browser, webHost)
  await listenToEvents(admin)
  await listenToEvents(client)
  const later = (await importFixtures(webHost, [fixtures.webm]))['clip.webm']!
  await expect
    .poll(async () => (await heardBy(admin)).some((event) => event.includes(later)), { timeout: 30_000 })
    .toBe(true)
  await expect.poll(async () => (await heardBy(client)).some((event) => event.startsWith('library:changed'))).toBe(true)
  expect((await heardBy(client)).filter((event) => event.includes(later) || event.includes('clip.webm'))).toEqual([])
  await client.goto(detail(hidden))
  await expect(client.getByText('This asset is not in the library (it may have been deleted).')).toBeVisible()

  // A guest link with a password, made from the collection: the guest comments as a guest; revoked, the page stops.
  await admin.goto(`${webHost.origin}/#/library?collection=${collection.id}`)
  await admin.getByTestId('collection-head').getByRole('button', { name: 'Review links…' }).click()
  const links = admin.getByRole('dialog', { name: 'Review links of “Client cut”' })
  await links.getByLabel('Password (optional)').fill('north light')
  await links.getByRole('button', { name: 'Make link' }).click()
  const address = (await links.getByTestId('new-link-address').textContent())!
  const guest = await (await browser.newContext()).newPage()
  await guest.setViewportSize({ width: 1440, height: 900 })
  await guest.goto(address)
  await guest.getByLabel('Password').fill('north light')
  await guest.getByRole('button', { name: 'Open' }).click()
  const banner = guest.getByTestId('guest-banner')
  await banner.getByRole('textbox', { name: 'Your name' }).fill('Dana')
  await banner.getByRole('button', { name: 'Use this name' }).click()
  await guest.goto(detail(clip))
  const guestPanel = guest.getByRole('region', { name: 'Comments' })
  await guestPanel.getByRole('textbox', { name: 'Add a comment' }).fill('Lovely light in the first second')
  await guestPanel.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(guestPanel.getByTestId('comment').filter({ hasText: 'Lovely light' })).toHaveText(
    /^Dana \(guest\)0:00\s*Lovely light/,
  )
  expect(await statusOf(guest, `/media/files/${hidden}`)).toBe(404)
  await guest.screenshot({ path: `${SCREENS}/acceptance-guest-1440.png`, animations: 'disabled' })
  await links.getByTestId('review-link').getByRole('button', { name: 'Revoke' }).click()
  const started = Date.now()
  await admin
    .getByRole('dialog', { name: 'Revoke this review link?' })
    .getByRole('button', { name: 'Revoke link' })
    .click()
  await expect(guest.getByTestId('access-ended')).toContainText('This review link was revoked', { timeout: 1000 })
  expect(Date.now() - started).toBeLessThan(1000)
  await links.getByRole('button', { name: 'Done' }).click()

  // The admin downloads three selected assets as one zip of their originals.
  await admin.goto(`${webHost.origin}/#/library`)
  await expect(admin.getByTestId('result-count')).toHaveText('5 assets')
  const card = (name: string) => admin.getByTestId('media-card').filter({ hasText: name })
  const chosen = [fixtures.longClip, fixtures.mp4, fixtures.jpg]
  await card('long.mp4').click()
  for (const name of ['clip.mp4', 'image.jpg']) await card(name).click({ modifiers: ['ControlOrMeta'] })
  const bar = admin.getByTestId('selection-bar')
  await expect(bar.getByTestId('selection-count')).toHaveText('3 selected')
  const [zip] = await Promise.all([
    admin.waitForEvent('download'),
    bar.getByRole('button', { name: 'Download' }).click(),
  ])
  const entries = await zipEntries(readFileSync((await zip.path())!))
  expect(entries.map((entry) => entry.sha256).sort()).toEqual(chosen.map(sha256Of).sort())

  // The admin's inbox shows the editor's mention.
  const bell = admin.getByRole('button', { name: /^Inbox/ })
  await bell.click()
  const inbox = admin.getByRole('region', { name: 'Inbox' })
  await expect(inbox.getByTestId('inbox-entry').filter({ hasText: 'Ed mentioned you' })).toHaveText(
    /^Ed mentioned you on long\.mp4\s*“@admin the hand melts into the table here”/,
  )
  await admin.screenshot({ path: `${SCREENS}/acceptance-admin-1440.png`, animations: 'disabled' })
})
