import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()

test.use({ hostKind: 'hub' })

// Issue 34 points 4 and 5: one library, two people in two browsers, each with their own token and role.
test('an admin adds a viewer in Settings; each sees the other, and the viewer is offered nothing to change', async ({
  webHost,
  browser,
}) => {
  const admin = await (await browser.newContext()).newPage()
  await admin.goto(webHost.url)
  await expect(admin.getByTestId('signed-in')).toHaveText(/admin\s*admin/)
  await admin.getByTestId('file-picker').setInputFiles([fixtures.mp4, fixtures.jpg])
  await expect(admin.getByTestId('result-count')).toHaveText('2 assets')

  await admin.getByRole('button', { name: 'Settings' }).click()
  // The catalogue is the hub's PostgreSQL (its password never shown), backed up outside the app.
  await expect(
    admin.locator('dd', { hasText: /^postgres:\/\/framevault_app@127\.0\.0\.1:\d+\/framevault$/ }),
  ).toBeVisible()
  const backups = admin.getByRole('region', { name: 'Backups' })
  await expect(backups).toContainText('pg_dump')
  // Its media are in the bucket of the run's S3 service: Settings says so, and that the folder needs no backup.
  await expect(admin.getByTestId('files-at')).toHaveText(/^s3:\/\/\S+ at http:\/\/127\.0\.0\.1:\d+$/)
  await expect(admin.locator('dt', { hasText: 'Media (in the store above)' })).toBeVisible()
  await expect(admin.locator('dt', { hasText: 'Media (copied)' })).toHaveCount(0)
  await expect(backups).toContainText('The folder above holds only copies downloaded for analyses')
  await expect(backups.getByRole('button', { name: 'Back up now' })).toHaveCount(0)
  const people = admin.getByRole('region', { name: 'People' })
  await people.getByLabel('Name', { exact: true }).fill('Vera')
  await people.getByLabel('Role', { exact: true }).selectOption('viewer')
  await people.getByRole('button', { name: 'Add person' }).click()
  const token = (await admin.getByTestId('new-token-value').textContent())!
  expect(token).toMatch(/^fvt_/)
  await expect(people.getByTestId('person')).toHaveText([/admin \(you\)/, /Vera/])
  await people.getByTestId('person').filter({ hasText: 'Vera' }).getByRole('button', { name: '1 token' }).click()
  await expect(people.getByTestId('person-token')).toContainText('first token')
  await expectNoSeriousAxeViolations(admin, 'People in Settings')

  const viewer = await (await browser.newContext()).newPage()
  await viewer.goto(`${webHost.origin}/?token=${token}`)
  await expect(viewer.getByTestId('signed-in')).toHaveText(/Vera\s*viewer/)
  await expect(viewer.getByTestId('result-count')).toHaveText('2 assets')
  await expect(viewer.getByRole('button', { name: 'Import files…' })).toHaveCount(0)
  await viewer.getByTestId('media-card').first().click()
  const viewerBar = viewer.getByTestId('selection-bar')
  await expect(viewerBar).toContainText('A viewer looks; an editor tags, rates, deletes and runs.')
  await expect(viewerBar.getByRole('button', { name: 'Tag…' })).toHaveCount(0)
  // The detail page shows a viewer everything but offers no change: fields disabled, no run forms.
  await viewer.getByTestId('media-card').filter({ hasText: '.mp4' }).dblclick()
  await expect(viewer.getByLabel('Add a tag')).toHaveCount(0)
  await expect(viewer.getByRole('heading', { name: 'Subtitles' })).toBeVisible()
  for (const form of ['Run an analysis', 'Process', 'Run pipeline']) {
    await expect(viewer.getByRole('form', { name: form })).toHaveCount(0)
  }
  await expect(viewer.getByRole('button', { name: 'Look for subtitles' })).toHaveCount(0)
  await expect(viewer.getByRole('button', { name: 'Copy path' })).toHaveCount(0)
  await viewer.getByRole('button', { name: 'Library', exact: true }).click()

  // The admin tags both; the viewer's window shows the tag without a reload.
  await admin.getByRole('button', { name: 'Library', exact: true }).click()
  await admin.getByTestId('media-card').first().click()
  await admin.keyboard.press('ControlOrMeta+a')
  const adminBar = admin.getByTestId('selection-bar')
  await adminBar.getByRole('button', { name: 'Tag…' }).click()
  await adminBar.getByLabel('Tag name').fill('keeper')
  await adminBar.getByRole('button', { name: 'Create tag' }).click()
  await expect(adminBar.getByRole('status')).toHaveText('Tagged “keeper”')
  const viewerTags = viewer.getByTestId('filter-panel').locator('fieldset[data-facet="Tags"]')
  await expect(viewerTags.locator('label.choice', { hasText: 'keeper' }).getByTestId('facet-count')).toHaveText('2')

  // Settings shows the viewer no People; a removed person's window is refused from then on.
  await viewer.getByRole('button', { name: 'Settings' }).click()
  await expect(viewer.getByRole('heading', { name: 'Settings' })).toBeVisible()
  await expect(viewer.getByRole('region', { name: 'People' })).toHaveCount(0)
  await admin.getByRole('button', { name: 'Settings' }).click()
  await admin.getByText('Activity: who did what').click()
  const activity = admin.getByTestId('activity')
  // What each did, in words (issue 60 point 6): one entry an act, filtered by kind.
  await expect(activity.locator('tbody tr').first()).toContainText('admin tagged 2 assets keeper')
  await expect(activity).toContainText('admin added Vera as a viewer')
  await admin.getByRole('group', { name: 'Filter the activity' }).getByLabel('Kind').selectOption('people')
  await expect(activity.locator('tbody tr')).toHaveCount(1)
  await expect(activity.locator('tbody tr')).toContainText('added Vera as a viewer')
  await people.getByTestId('person').filter({ hasText: 'Vera' }).getByRole('button', { name: 'Remove' }).click()
  await admin.getByRole('dialog').getByRole('button', { name: 'Remove' }).click()
  await expect(people.getByTestId('person')).toHaveText([/admin \(you\)/])
  const refused = await viewer.request.post(`${webHost.origin}/api/media:list`, { data: {} })
  expect(refused.status()).toBe(401)
})
