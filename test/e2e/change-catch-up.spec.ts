import { fixturePaths } from '../fixtures/make-fixtures'
import { importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()

test('the grid catches up on an import that ended between its first read and its event stream', async ({
  page,
  webHost,
}) => {
  // The page's stream connects only once the import is over: what the import changed happened before it.
  let importDone!: () => void
  const imported = new Promise<void>((resolve) => (importDone = resolve))
  await page.route(
    (url) => url.pathname === '/events',
    async (route) => {
      await imported
      await route.continue()
    },
  )
  await page.goto(webHost.url)
  // The first read is done: the library is empty.
  await expect(page.getByTestId('empty-library')).toBeVisible()
  await importFixtures(webHost, [fixtures.mp4])
  importDone()
  // The stream asks for the changes since the page's cursor and hears the import's.
  await expect(page.getByTestId('result-count')).toHaveText('1 asset', { timeout: 10_000 })
})
