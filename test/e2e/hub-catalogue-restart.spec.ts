import { chmodSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from './web-host-fixture'

// Issue 61 point 3: the hub's own PostgreSQL killed; the window says so in the banner a lost hub shows, and reads
// what it shows again once the hub started it again, with nobody restarting anything by hand. The catalogue is held
// away until the window has said so (PostgreSQL will not start on a data folder others may read), so whether the
// window meets the outage is no race with a restart that takes a second.
test.use({ hostKind: 'hub', webHostArgs: ['--admin', 'Ada', '--workers', '0'] })

test('a window says the catalogue is restarting, then reads again by itself once it is back', async ({
  webHost,
  page,
}) => {
  test.setTimeout(90_000)
  await page.goto(webHost.url)
  await expect(page.getByTestId('signed-in')).toHaveText(/Ada\s*admin/)
  // The window has read the library's facts (its name in the title) and its grid before the catalogue goes: a window
  // opened while it is away has nothing to keep, and shows a screen that says so instead (not this test's question).
  await expect(page).toHaveTitle(/ – Framevault$/)
  await expect(page.getByTestId('result-count')).toHaveText('0 assets')

  const data = path.join(path.dirname(webHost.libraryDir), 'postgres')
  chmodSync(data, 0o755)
  process.kill(Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGKILL')
  const banner = page.getByTestId('connection-lost')
  try {
    await expect(banner).toHaveText(
      "The team library's catalogue is restarting; try again in a moment. Framevault reads it all again when it is back; until then, what you see may be out of date.",
      { timeout: 30_000 },
    )
    // A view opened meanwhile: its reads fail, and it says so on the page while the window keeps its frame.
    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
    await expect(page.getByRole('main').getByText("The team library's catalogue is restarting")).toBeVisible()
    await expect(banner).toBeVisible()
    await page.screenshot({ path: 'test-results/screens/hub-catalogue-away-settings.png', animations: 'disabled' })
  } finally {
    chmodSync(data, 0o700)
  }
  await expect(banner).toHaveCount(0, { timeout: 30_000 })
  await expect(page.getByRole('region', { name: 'People' }).getByTestId('person')).toHaveText([/Ada \(you\)/], {
    timeout: 15_000,
  })
  // Changes made from now on reach the window live again (the change feed listens again).
  const renamed = await page.request.post(`${webHost.origin}/api/library:rename`, { data: { name: 'Back again' } })
  expect(renamed.status()).toBe(200)
  await expect(page.getByText('Back again').first()).toBeVisible({ timeout: 15_000 })
})
