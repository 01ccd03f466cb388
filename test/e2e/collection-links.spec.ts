import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { signedInWindow } from './signed-in-window'
import { callApi, importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

// The admin's window may read the clipboard: a copied address is read back.
const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] }

// Issue 60 point 4: the review links of a collection, from the collection's own view: an admin makes one there (with
// an expiry, a password and downloads), copies its address, a visitor opens it in a browser of their own; an editor is
// offered the same, a client is not; revoked from the collection after a confirmation, the visitor's page stops.
test('Review links… makes a collection’s link, copies its address, lists it with who made it, and revokes it', async ({
  webHost,
  browser,
}) => {
  test.setTimeout(90_000)
  const ids = await importFixtures(webHost, [fixtures.mp4, fixtures.png])
  const create = (name: string) =>
    callApi<{ collection: { id: number } }>(webHost, 'collections:create', { name }).then((made) => made.collection)
  const picks = await create('Client picks')
  const internal = await create('Internal')
  await callApi(webHost, 'collections:add', { collectionId: picks.id, ids: [ids['clip.mp4']] })
  await callApi(webHost, 'collections:add', { collectionId: internal.id, ids: [ids['image.png']] })
  // Another collection's link is not this one's.
  await callApi(webHost, 'links:create', { collectionId: internal.id })

  const admin = await signedInWindow(browser, webHost, { collectionId: picks.id, context: CLIPBOARD })
  await admin.getByTestId('collection-head').getByRole('button', { name: 'Review links…' }).click()
  const dialog = admin.getByRole('dialog', { name: 'Review links of “Client picks”' })
  await expect(dialog.getByText('None yet.')).toBeVisible()
  const form = dialog.getByRole('form', { name: 'Make a review link' })
  // The link is to this collection: no other is offered.
  await expect(form.getByLabel('Collection')).toHaveCount(0)
  await form.getByLabel('Expires after (days, empty for never)').fill('7')
  await form.getByLabel('Password (optional)').fill('north light')
  await form.getByLabel('Allow downloads').check()
  await form.getByRole('button', { name: 'Make link' }).click()

  const shown = dialog.getByTestId('new-link-address')
  await expect(shown).toHaveText(new RegExp(`^${webHost.origin}/r/fvl_[A-Za-z0-9_-]{43}$`))
  await dialog.getByRole('button', { name: 'Copy the review link' }).click()
  await expect(dialog.getByRole('button', { name: 'Copy the review link' })).toHaveText('Copied')
  const copied = await admin.evaluate(() => navigator.clipboard.readText())
  expect(copied).toBe(await shown.textContent())
  const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
  const row = dialog.getByTestId('review-link')
  await expect(row).toHaveText([
    `Client picks · password · downloads allowed · until ${until} · made by admin · openRevoke`,
  ])
  const listed = await callApi<{ links: Array<{ password: boolean; downloads: boolean; createdBy: string }> }>(
    webHost,
    'links:list',
    { collectionId: picks.id },
  )
  expect(listed.links).toMatchObject([{ password: true, downloads: true, createdBy: 'admin' }])
  await admin.screenshot({ path: `${SCREENS}/collection-links-1440.png`, animations: 'disabled' })
  await expectNoSeriousAxeViolations(admin, 'a collection’s review links')

  // A visitor opens the copied address in a browser of their own.
  const guest = await (await browser.newContext()).newPage()
  await guest.setViewportSize({ width: 1440, height: 900 })
  await guest.goto(copied)
  await guest.getByLabel('Password').fill('north light')
  await guest.getByRole('button', { name: 'Open' }).click()
  await expect(guest.getByTestId('guest-banner')).toContainText('Guest review of Client picks')
  await expect(guest.getByTestId('result-count')).toHaveText('1 asset')

  // An editor is offered the collection's links too (and sees who made this one); a client is not.
  const { token: edToken } = await callApi<{ token: string }>(webHost, 'people:add', { name: 'Ed', role: 'editor' })
  const cleo = await callApi<{ token: string; person: { id: number } }>(webHost, 'people:add', {
    name: 'Cleo',
    role: 'commenter',
  })
  await callApi(webHost, 'collections:share', { collectionId: picks.id, with: { personId: cleo.person.id } })
  const editor = await signedInWindow(browser, webHost, { token: edToken, collectionId: picks.id })
  await editor.getByTestId('collection-head').getByRole('button', { name: 'Review links…' }).click()
  await expect(
    editor.getByRole('dialog', { name: 'Review links of “Client picks”' }).getByTestId('review-link'),
  ).toHaveText([/made by admin · openRevoke$/])
  const client = await signedInWindow(browser, webHost, { token: cleo.token, collectionId: picks.id })
  await expect(client.getByTestId('collection-head')).toContainText('Client picks')
  await expect(client.getByRole('button', { name: 'Review links…' })).toHaveCount(0)

  // Revoked from the collection, after a confirmation: the visitor's open page stops within a second.
  await row.getByRole('button', { name: 'Revoke' }).click()
  const confirm = admin.getByRole('dialog', { name: 'Revoke this review link?' })
  await expect(confirm).toContainText('Whoever has the link to “Client picks” loses it at once')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toHaveCount(0)
  await expect(row).toHaveAttribute('data-state', 'open')
  await row.getByRole('button', { name: 'Revoke' }).click()
  const started = Date.now()
  await confirm.getByRole('button', { name: 'Revoke link' }).click()
  await expect(guest.getByTestId('access-ended')).toContainText('This review link was revoked', { timeout: 1000 })
  expect(Date.now() - started).toBeLessThan(1000)
  await expect(row).toHaveText([/· made by admin · revoked$/])
  await expect(row.getByRole('button', { name: 'Revoke' })).toHaveCount(0)
  await admin.setViewportSize({ width: 390, height: 844 })
  await admin.screenshot({ path: `${SCREENS}/collection-links-390.png`, animations: 'disabled' })
})
