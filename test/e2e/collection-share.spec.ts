import { expectNoSeriousAxeViolations } from './axe-check'
import { signedInWindow } from './signed-in-window'
import { callApi } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

interface Shares {
  shares: { personId: number | null; role: string | null }[]
}

// Issue 60 point 3: an admin shares a collection with a client (a commenter limited to shared collections) and a
// role from the collection's Share… dialog, and removes the client again; an editor shares with the client by name,
// who then sees the collection; a commenter is not offered Share….
test('Share… adds and removes a person and a role; an editor shares with a named client; a commenter has no Share…', async ({
  webHost,
  browser,
}) => {
  test.setTimeout(90_000)
  const add = (name: string, role: string) =>
    callApi<{ token: string; person: { id: number } }>(webHost, 'people:add', { name, role })
  const cleo = await add('Cleo', 'commenter')
  const ed = await add('Ed', 'editor')
  const { collection } = await callApi<{ collection: { id: number } }>(webHost, 'collections:create', {
    name: 'Client cut',
  })
  const sharesNow = async () =>
    (await callApi<Shares>(webHost, 'collections:shares', { collectionId: collection.id })).shares

  // The admin from the collection's view, the editor below from the filter panel's collection.
  const admin = await signedInWindow(browser, webHost, { collectionId: collection.id })
  await admin.getByTestId('collection-head').getByRole('button', { name: 'Share…' }).click()
  const dialog = admin.getByRole('dialog', { name: 'Share “Client cut”' })
  await expect(dialog.getByText('Nobody yet')).toBeVisible()
  await expect(dialog.getByRole('list', { name: 'Limited to shared collections' })).toHaveText('Cleo (commenter)')

  const pick = dialog.getByLabel('Share with')
  await pick.selectOption({ label: 'Cleo (commenter, sees only shared collections)' })
  await dialog.getByRole('button', { name: 'Share', exact: true }).click()
  const shared = dialog.getByRole('list', { name: 'Shared with' }).getByRole('listitem')
  await expect(shared).toHaveText([/^Cleo \(commenter, sees only shared collections\)/])
  expect(await sharesNow()).toMatchObject([{ personId: cleo.person.id, role: null }])
  // Cleo is shared with already: not offered again.
  await expect(pick.getByRole('option', { name: /^Cleo/ })).toHaveCount(0)

  await pick.selectOption({ label: 'Every viewer' })
  await dialog.getByRole('button', { name: 'Share', exact: true }).click()
  await expect(shared).toHaveText([/^Cleo/, /^Every viewer/])
  await admin.screenshot({ path: `${SCREENS}/collection-share-1440.png`, animations: 'disabled' })
  await admin.setViewportSize({ width: 390, height: 844 })
  await admin.screenshot({ path: `${SCREENS}/collection-share-390.png`, animations: 'disabled' })
  await expectNoSeriousAxeViolations(admin, 'the Share… dialog')

  await dialog.getByRole('button', { name: 'Stop sharing with Cleo' }).click()
  await expect(shared).toHaveText([/^Every viewer/])
  expect(await sharesNow()).toMatchObject([{ personId: null, role: 'viewer' }])
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(dialog).toHaveCount(0)

  // An editor: the people (by name and role: whether one is limited is an admin's to know) and the roles to share
  // with; shares with Cleo by name and removes a share.
  const editor = await signedInWindow(browser, webHost, { token: ed.token, collectionId: collection.id })
  await editor.getByTestId('collection-filter').getByRole('button', { name: 'Share…' }).click()
  const theirs = editor.getByRole('dialog', { name: 'Share “Client cut”' })
  const theirShares = theirs.getByRole('list', { name: 'Shared with' }).getByRole('listitem')
  await expect(theirShares).toHaveText([/^Every viewer/])
  // Editors and admins see every asset: neither they nor their role are offered.
  await expect(theirs.getByLabel('Share with').getByRole('option')).toHaveText([
    'Choose a person or a role…',
    'Cleo (commenter)',
    'Every commenter',
  ])
  await theirs.getByLabel('Share with').selectOption({ label: 'Cleo (commenter)' })
  await theirs.getByRole('button', { name: 'Share', exact: true }).click()
  await theirs.getByRole('button', { name: 'Stop sharing with every viewer' }).click()
  await expect(theirShares).toHaveText([/^Cleo \(commenter\)/])
  expect(await sharesNow()).toMatchObject([{ personId: cleo.person.id, role: null }])
  await editor.screenshot({ path: `${SCREENS}/collection-share-editor-1440.png`, animations: 'disabled' })

  // A private collection is its owner's alone: nobody is offered to share it.
  const { collection: mine } = await callApi<{ collection: { id: number } }>(webHost, 'collections:create', {
    name: 'My picks',
    private: true,
  })
  await admin.goto(`${webHost.origin}/#/library?collection=${mine.id}`)
  await expect(admin.getByTestId('collection-head')).toContainText('My picks')
  await expect(admin.getByRole('button', { name: 'Share…' })).toHaveCount(0)

  // Cleo sees the collection the editor shared with her by name, and is not offered Share….
  const client = await signedInWindow(browser, webHost, { token: cleo.token, collectionId: collection.id })
  await expect(client.getByTestId('collection-head')).toContainText('Client cut')
  await expect(client.getByTestId('collection-filter')).toContainText('Client cut')
  await expect(client.getByRole('button', { name: 'Share…' })).toHaveCount(0)
  // Nor may she read whom to share with: the hub refuses her people:names.
  const asked = await client.evaluate(async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }
    return (await fetch('/api/people:names', init)).status
  })
  expect(asked).toBe(403)
})
