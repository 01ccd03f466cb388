import { fixturePaths } from '../fixtures/make-fixtures'
import { callApi, importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()

test.use({ hostKind: 'hub' })

// Issue 60 point 3: a viewer keeps a private collection and a saved search of their own ("Only me", their one
// choice); the admin's window lists neither.
test('a viewer keeps a private collection and saved search that nobody else sees', async ({ webHost, browser }) => {
  test.setTimeout(90_000)
  await importFixtures(webHost, [fixtures.mp4])
  await callApi(webHost, 'collections:create', { name: 'Team picks' })
  const { token } = await callApi<{ token: string }>(webHost, 'people:add', { name: 'Vera', role: 'viewer' })
  const viewer = await (await browser.newContext()).newPage()
  await viewer.setViewportSize({ width: 1440, height: 900 })
  await viewer.goto(`${webHost.origin}/?token=${token}`)
  await expect(viewer.getByTestId('signed-in')).toContainText('viewer')

  const filter = viewer.getByTestId('collection-filter')
  await filter.getByRole('button', { name: 'New collection' }).click()
  const onlyMe = filter.getByRole('checkbox', { name: 'Only me' })
  await expect(onlyMe).toBeChecked()
  await expect(onlyMe).toBeDisabled()
  await filter.getByRole('textbox', { name: 'New collection name' }).fill('My moodboard')
  await filter.getByRole('button', { name: 'Create' }).click()
  await expect(filter.getByText('My moodboard · only me')).toBeVisible()
  // The team's collection is an editor's to rename: chosen, it offers no Rename to a viewer; their own does.
  await filter.getByText('Team picks').click()
  await expect(filter.getByRole('button', { name: 'Rename' })).toHaveCount(0)
  await filter.getByText('My moodboard').click()
  await expect(filter.getByRole('button', { name: 'Rename' })).toBeVisible()

  await viewer.getByRole('button', { name: 'Save search…' }).click()
  const dialog = viewer.getByTestId('search-name-dialog')
  await expect(dialog.getByRole('checkbox', { name: /Only me/ })).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: /Only me/ })).toBeDisabled()
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Vera’s clips')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(viewer.getByRole('link', { name: 'Vera’s clips (only me)' })).toBeVisible()

  const admin = await (await browser.newContext()).newPage()
  await admin.goto(webHost.url)
  await expect(admin.getByTestId('collection-filter').getByText('Team picks')).toBeVisible()
  await expect(admin.getByTestId('collection-filter').getByText('My moodboard')).toHaveCount(0)
  await expect(admin.getByRole('link', { name: /Vera’s clips/ })).toHaveCount(0)
  const listed = await callApi<{ collections: { name: string }[] }>(webHost, 'collections:list', {})
  expect(listed.collections.map((c) => c.name)).toEqual(['Team picks'])
})
