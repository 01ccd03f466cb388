import path from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi, importFixtures } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

interface Two {
  id: string
  /** The hub's first admin ("admin"). */
  ada: Page
  /** An editor the admin added ("Eddie"). */
  eddie: Page
}

/** One asset on a hub, its detail open in the admin's window and in an editor's (another browser context). */
async function twoPeopleOnOneAsset(browser: Browser, host: RunningWebHost): Promise<Two> {
  const ids = await importFixtures(host, [fixtures.mp4])
  const id = ids[path.basename(fixtures.mp4)]!
  const { token } = await callApi<{ token: string }>(host, 'people:add', { name: 'Eddie', role: 'editor' })
  const open = async (url: string) => {
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${url}#/asset/${id}`)
    await expect(page.getByRole('article', { name: 'Asset detail' })).toBeVisible()
    return page
  }
  return { id, ada: await open(host.url), eddie: await open(`${host.origin}/?token=${token}`) }
}

const notesOf = (page: Page) => page.getByLabel('Notes', { exact: true })
const nameOf = (page: Page) => page.getByLabel('Name', { exact: true })
const noticeOf = (page: Page) => page.getByRole('region', { name: 'Organise', exact: true }).getByRole('alert')

// Issue 64: no lost update. Two people edit one asset's notes and name on a hub.
test('notes: a change met by typing asks Keep mine or Take theirs; leaving a field untouched never saves', async ({
  browser,
  webHost,
}) => {
  // Two browsers on one hub, every change crossing its PostgreSQL to the other window: 25–30 s on an idle machine.
  test.setTimeout(60_000)
  const { id, ada, eddie } = await twoPeopleOnOneAsset(browser, webHost)
  const saves: string[] = []
  eddie.on('request', (request) => {
    if (request.url().endsWith('/api/media:set-notes')) saves.push(request.postData() ?? '')
  })

  // Eddie types in the notes and has not left the field when the admin saves theirs.
  await notesOf(eddie).fill('Eddie: cut at 0:04')
  await notesOf(ada).fill('Ada: keep the whole take')
  await notesOf(ada).blur()
  const notice = noticeOf(eddie)
  await expect(notice).toContainText(/admin changed this note (just now|\d+ min ago)/)
  await expect(notice.locator('[data-side="theirs"]')).toHaveText('Ada: keep the whole take')
  await expect(notice.locator('[data-side="mine"]')).toHaveText('Eddie: cut at 0:04')
  await expect(notesOf(eddie)).toHaveValue('Eddie: cut at 0:04')
  // Leaving the field with a notice open saves nothing: the notice waits for a choice.
  await notesOf(eddie).blur()
  expect(saves).toEqual([])
  await expect(notice).toBeVisible()
  await expectNoSeriousAxeViolations(eddie, 'a conflict notice on the detail page')
  await eddie.setViewportSize({ width: 1440, height: 900 })
  await eddie.screenshot({ path: `${SCREENS}/edit-conflict-1440.png`, fullPage: true })
  await eddie.setViewportSize({ width: 390, height: 844 })
  await notice.scrollIntoViewIfNeeded()
  await eddie.screenshot({ path: `${SCREENS}/edit-conflict-390.png` })
  await eddie.setViewportSize({ width: 1440, height: 900 })

  await notice.getByRole('button', { name: 'Keep mine' }).click()
  await expect(notice).toHaveCount(0)
  await expect(notesOf(ada)).toHaveValue('Eddie: cut at 0:04')
  await expect(notesOf(eddie)).toHaveValue('Eddie: cut at 0:04')
  expect(await callApi(webHost, 'media:get', { id })).toMatchObject({
    notes: 'Eddie: cut at 0:04',
    versions: { notes: { version: 2, changedBy: 'Eddie' } },
  })

  // Eddie saves with Ctrl+Enter and stays in the field; the admin changes the notes; Eddie's field shows it at once,
  // and leaving it, having typed nothing since, writes nothing over it.
  await notesOf(eddie).fill('Eddie: second thought')
  await notesOf(eddie).press('Control+Enter')
  await expect(notesOf(ada)).toHaveValue('Eddie: second thought')
  await expect(notesOf(eddie)).toBeFocused()
  await notesOf(ada).fill('Ada: final word')
  await notesOf(ada).press('Control+Enter')
  await expect(notesOf(eddie)).toHaveValue('Ada: final word')
  await expect(noticeOf(eddie)).toHaveCount(0)
  await notesOf(eddie).blur()
  await notesOf(eddie).focus()
  await notesOf(eddie).blur()
  await expect(notesOf(ada)).toHaveValue('Ada: final word')
  expect(saves).toHaveLength(2)
  expect(await callApi(webHost, 'media:get', { id })).toMatchObject({
    notes: 'Ada: final word',
    versions: { notes: { version: 4, changedBy: 'admin' } },
  })
})

test('name: a change met by typing, or a save refused as stale, offers theirs; Take theirs leaves both the same', async ({
  browser,
  webHost,
}) => {
  // Two browsers on one hub, every change crossing its PostgreSQL to the other window: 25–30 s on an idle machine.
  test.setTimeout(60_000)
  const { id, ada, eddie } = await twoPeopleOnOneAsset(browser, webHost)

  // Eddie merely visits the name field while the admin renames: the new name shows, nothing is saved over it.
  await nameOf(eddie).focus()
  await nameOf(ada).fill('Harbour at dawn')
  await nameOf(ada).press('Enter')
  await expect(nameOf(eddie)).toHaveValue('Harbour at dawn')
  await nameOf(eddie).press('Enter')
  await nameOf(eddie).blur()
  await expect(eddie.getByRole('heading', { level: 1 })).toHaveText('Harbour at dawn')

  // Eddie types a name; the admin renames meanwhile: the notice shows it, Take theirs puts it in Eddie's field.
  await nameOf(eddie).fill('Harbour, take 2')
  await nameOf(ada).fill('Harbour at dusk')
  await nameOf(ada).press('Enter')
  const notice = noticeOf(eddie)
  await expect(notice).toContainText(/admin changed this name (just now|\d+ min ago)/)
  await expect(notice.locator('[data-side="theirs"]')).toHaveText('Harbour at dusk')
  await notice.getByRole('button', { name: 'Take theirs' }).click()
  await expect(notice).toHaveCount(0)
  await expect(nameOf(eddie)).toHaveValue('Harbour at dusk')
  await expect(nameOf(ada)).toHaveValue('Harbour at dusk')

  // The admin's rename reaches Eddie's window only after Eddie saved: the save is refused (409) and the same notice
  // appears from the refusal's details.
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await eddie.route('**/api/media:get', async (route) => {
    await held
    await route.continue()
  })
  await nameOf(eddie).fill('Eddie was here')
  await nameOf(ada).fill('Harbour at night')
  await nameOf(ada).press('Enter')
  await expect(ada.getByRole('heading', { level: 1 })).toHaveText('Harbour at night')
  const refusal = eddie.waitForResponse('**/api/media:rename')
  await nameOf(eddie).press('Enter')
  expect((await refusal).status()).toBe(409)
  await expect(notice).toContainText(/admin changed this name/)
  await expect(notice.locator('[data-side="theirs"]')).toHaveText('Harbour at night')
  release()
  await notice.getByRole('button', { name: 'Keep mine' }).click()
  await expect(notice).toHaveCount(0)
  await expect(nameOf(ada)).toHaveValue('Eddie was here')
  await expect(ada.getByRole('heading', { level: 1 })).toHaveText('Eddie was here')
  await expect(eddie.getByRole('heading', { level: 1 })).toHaveText('Eddie was here')
  expect(await callApi(webHost, 'media:get', { id })).toMatchObject({
    name: 'Eddie was here',
    versions: { name: { version: 4, changedBy: 'Eddie' } },
  })
})
