import { fixturePaths } from '../fixtures/make-fixtures'
import { callApi, importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'

// Issue 60 point 4: an admin makes a review link with a password in Settings; a visitor without an account opens it
// in a browser of their own, types the password and their name, sees that collection alone and comments as a guest;
// an asset from elsewhere is not found; revoked (after a confirmation), the visitor's open page stops within a second.
test('a guest opens a review link with its password, comments under their name, and the revoked page stops', async ({
  webHost,
  browser,
}) => {
  test.setTimeout(90_000)
  const ids = await importFixtures(webHost, [fixtures.mp4, fixtures.png])
  const [inside, outside] = [ids['clip.mp4']!, ids['image.png']!]
  const { collection } = await callApi<{ collection: { id: number } }>(webHost, 'collections:create', {
    name: 'Client picks',
  })
  await callApi(webHost, 'collections:add', { collectionId: collection.id, ids: [inside] })

  const admin = await (await browser.newContext()).newPage()
  await admin.setViewportSize({ width: 1440, height: 900 })
  await admin.goto(webHost.url)
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
  const links = admin.getByRole('region', { name: 'Review links' })
  const form = links.getByRole('form', { name: 'Make a review link' })
  await form.getByLabel('Collection').selectOption({ label: 'Client picks' })
  await form.getByLabel('Password (optional)').fill('north light')
  await form.getByRole('button', { name: 'Make link' }).click()
  const address = (await links.getByTestId('new-link-address').textContent())!
  expect(address).toMatch(new RegExp(`^${webHost.origin}/r/fvl_[A-Za-z0-9_-]{43}$`))
  // Made by whoever made it: the admin on a hub, the host's user on a library folder.
  await expect(links.getByTestId('review-link')).toHaveText(
    /^Client picks · password · no downloads · no expiry · made by [^·]+ · openRevoke$/,
  )

  const guest = await (await browser.newContext()).newPage()
  // A guest's window asks nothing a guest would be refused (the library's jobs, imports, figures).
  const refused: string[] = []
  guest.on('response', (response) => {
    if (response.status() === 403) refused.push(new URL(response.url()).pathname)
  })
  await guest.setViewportSize({ width: 1440, height: 900 })
  await guest.goto(address)
  await guest.getByLabel('Password').fill('not it')
  await guest.getByRole('button', { name: 'Open' }).click()
  await expect(guest.getByRole('alert')).toHaveText('That password is not the link’s. Check it and try again.')
  await guest.getByLabel('Password').fill('north light')
  await guest.getByRole('button', { name: 'Open' }).click()
  const banner = guest.getByTestId('guest-banner')
  await expect(banner).toContainText('Guest review of Client picks')
  await expect(guest.getByTestId('result-count')).toHaveText('1 asset')
  const nav = guest.getByRole('navigation', { name: 'Main' })
  await expect(nav.getByRole('button')).toHaveText(['Library'])
  await expect(guest.getByTestId('file-picker')).toHaveCount(0)
  await banner.getByRole('textbox', { name: 'Your name' }).fill('Dana')
  await banner.getByRole('button', { name: 'Use this name' }).click()
  await expect(banner).toContainText('Commenting as Dana (guest)')

  await guest.goto(`${webHost.origin}/#/asset/${inside}`)
  const comments = guest.getByRole('region', { name: 'Comments' })
  await comments.getByRole('textbox', { name: 'Add a comment' }).fill('Lovely light in the first second')
  await comments.getByRole('button', { name: 'Comment', exact: true }).click()
  await expect(comments.getByTestId('comment')).toHaveText(/^Dana \(guest\)0:00\s*Lovely light in the first second/)
  // A guest has no account: what they wrote is not theirs to delete later.
  await expect(comments.getByRole('button', { name: 'Delete' })).toHaveCount(0)
  expect(refused).toEqual([])
  // This link allows no download: none is offered.
  await expect(guest.getByRole('link', { name: 'Download' })).toHaveCount(0)
  await guest.screenshot({ path: `${SCREENS}/review-link-guest-1440.png`, animations: 'disabled' })

  // An id from outside the collection: not found, by the page and by the API alike.
  await guest.goto(`${webHost.origin}/#/asset/${outside}`)
  await expect(guest.getByText('This asset is not in the library (it may have been deleted).')).toBeVisible()
  const status = (path: string) => guest.evaluate(async (url) => (await fetch(url)).status, path)
  expect(await status(`/media/files/${outside}`)).toBe(404)
  // A hub's store may answer the file in ranges.
  expect([200, 206]).toContain(await status(`/media/files/${inside}`))

  // The team sees the guest's comment as a guest's.
  await admin.goto(`${webHost.origin}/#/asset/${inside}`)
  await expect(admin.getByRole('region', { name: 'Comments' }).getByTestId('comment')).toHaveText(
    /^Dana \(guest\)0:00\s*Lovely light in the first second/,
  )

  await guest.goto(`${webHost.origin}/#/asset/${inside}`)
  await expect(comments.getByTestId('comment')).toHaveCount(1)
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
  // Revoking asks first.
  await links.getByTestId('review-link').getByRole('button', { name: 'Revoke' }).click()
  const confirm = admin.getByRole('dialog', { name: 'Revoke this review link?' })
  await expect(confirm).toContainText('Whoever has the link to “Client picks” loses it at once')
  const started = Date.now()
  await confirm.getByRole('button', { name: 'Revoke link' }).click()
  await expect(guest.getByTestId('access-ended')).toContainText('This review link was revoked', { timeout: 1000 })
  expect(Date.now() - started).toBeLessThan(1000)
  await expect(links.getByTestId('review-link')).toHaveText(/· revoked$/)
  await guest.reload()
  await expect(guest.getByRole('heading', { level: 1 })).toHaveText('This review link was revoked')
})
