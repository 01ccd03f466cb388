import { latestVersion } from '../../main/db/migrate'
import { migrations } from '../../main/db/migrations/index'
import type { Request } from '@playwright/test'
import { expect, stopWebHost, test } from './web-host-fixture'

const SCHEMA_VERSION = String(latestVersion(migrations))

const SCREENS = 'test-results/screens'

test('opens from the printed URL on the library; its facts are under Settings', async ({ page, webHost }) => {
  await page.goto(webHost.url)
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`^${webHost.origin}/#/library$`))
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await expect(page.getByTestId('library-path')).toHaveText(webHost.libraryDir)
  await expect(page.getByTestId('schema-version')).toHaveText(SCHEMA_VERSION)
  // The database's tables are folded under Details, out of a person's way.
  await expect(page.getByRole('row', { name: 'library_meta 3' })).toBeHidden()
  await page.getByText("Details: the database's tables").click()
  await expect(page.getByRole('row', { name: 'library_meta 3' })).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`^${webHost.origin}/#/settings$`))
  await page.screenshot({ path: `${SCREENS}/library-info-light.png` })
})

test('follows the OS colour scheme', async ({ page, webHost }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
  await page.emulateMedia({ colorScheme: 'light' })
  await page.goto(webHost.url)
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible()
  expect(await background()).toBe('rgb(246, 247, 249)')
  await page.emulateMedia({ colorScheme: 'dark' })
  expect(await background()).toBe('rgb(21, 24, 28)')
  await page.screenshot({ path: `${SCREENS}/library-info-dark.png` })
})

test('navigates between sections and keeps the section across a reload', async ({ page, webHost }) => {
  await page.goto(webHost.url)
  const nav = page.getByRole('navigation', { name: 'Main' })
  for (const [label, hash] of [
    ['Settings', 'settings'],
    ['Jobs', 'jobs'],
    ['Stats', 'stats'],
    ['Near-duplicates', 'similar'],
    ['Library', 'library'],
    ['Analyses', 'analyses'],
    ['Workflows', 'workflows'],
  ]) {
    await nav.getByRole('button', { name: label, exact: true }).click()
    await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible()
    await expect(nav.getByRole('button', { name: label, exact: true })).toHaveAttribute('aria-current', 'page')
    await expect(page).toHaveURL(new RegExp(`#/${hash}$`))
  }
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Workflows', level: 1 })).toBeVisible()
  // Back and forward walk the sections visited.
  await page.goBack()
  await expect(page.getByRole('heading', { name: 'Analyses', level: 1 })).toBeVisible()
  await page.goBack()
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible()
  await page.goForward()
  await expect(page.getByRole('heading', { name: 'Analyses', level: 1 })).toBeVisible()
  // Links from before the settings page had its name still arrive there.
  await page.goto(`${webHost.origin}/#/info`)
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await expect(page).toHaveURL(/#\/settings$/)
})

test('renames the library; another window updates through push events', async ({ page, context, webHost }) => {
  await page.goto(`${webHost.url}#/settings`)
  const other = await context.newPage()
  await other.goto(`${webHost.origin}/#/settings`)
  await expect(other.getByTestId('library-name')).toHaveText('Framevault library')

  await page.getByRole('button', { name: 'Rename' }).click()
  await page.getByLabel('Library name').fill('   ')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('The name must not be empty.')

  await page.getByLabel('Library name').fill('Festival cuts')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByTestId('library-name')).toHaveText('Festival cuts')
  await expect(other.getByTestId('library-name')).toHaveText('Festival cuts')
  await expect(other.locator('.title-bar')).toContainText('Festival cuts')
})

test('shows an error screen when the backend is gone', async ({ page, webHost }) => {
  // Every read of the page answered first: a stop while one is in flight shows the error screen before the click.
  const reading = new Set<Request>()
  page.on('request', (request) => void (new URL(request.url()).pathname.startsWith('/api/') && reading.add(request)))
  page.on('requestfinished', (request) => void reading.delete(request))
  page.on('requestfailed', (request) => void reading.delete(request))
  await page.goto(`${webHost.url}#/settings`)
  await expect(page.getByTestId('schema-version')).toHaveText(SCHEMA_VERSION)
  await expect.poll(() => reading.size).toBe(0)
  await stopWebHost(webHost)
  // The live feed's loss says so at once, in words with the address and no command (issue 64 point 5).
  await expect(page.getByTestId('connection-lost')).toContainText(`Nothing answers at ${webHost.origin} just now.`)
  await page.getByRole('button', { name: 'Refresh' }).click()
  await expect(page.getByRole('heading', { name: 'Framevault cannot reach its library' })).toBeVisible()
  await expect(page.getByRole('alert')).not.toContainText('npm')
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/backend-unreachable.png` })
})

test('recovers from the error screen with Retry once the backend answers again', async ({ page, webHost }) => {
  await page.route('**/api/**', (route) => route.abort('connectionrefused'))
  await page.goto(`${webHost.url}#/settings`)
  await expect(page.getByRole('heading', { name: 'Framevault cannot reach its library' })).toBeVisible()
  await page.unroute('**/api/**')
  await page.getByRole('button', { name: 'Retry' }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await expect(page.getByTestId('schema-version')).toHaveText(SCHEMA_VERSION)
})
