import { fixturePaths } from '../fixtures/make-fixtures'
import { callApi } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()

test.use({ hostKind: 'hub' })

// Issue 64 point 3: a removed person's open window hears nothing more, and says in plain words that their access
// was removed, by whom.
test('a removed viewer’s open window hears nothing after the removal and shows who removed them', async ({
  webHost,
  browser,
}) => {
  // Two windows on a hub, an upload, and a wait longer than a stream's reconnect.
  test.setTimeout(90_000)
  await callApi(webHost, 'library:rename', { name: 'Studio Reel' })
  const { token } = await callApi<{ token: string }>(webHost, 'people:add', { name: 'Vera', role: 'viewer' })
  const admin = await (await browser.newContext()).newPage()
  await admin.goto(webHost.url)
  await admin.getByTestId('file-picker').setInputFiles([fixtures.mp4])
  await expect(admin.getByTestId('result-count')).toHaveText('1 asset')

  const viewerContext = await browser.newContext()
  // Every server-sent event the viewer's page receives, in order, as the page itself hears them.
  await viewerContext.addInitScript(() => {
    const heard: string[] = []
    Object.assign(window, { heardEvents: heard })
    // The renderer listens once per event name on its one stream (with functions): each event is heard once here.
    const stream = EventSource.prototype as unknown as {
      addEventListener(this: EventSource, type: string, listener: (event: Event) => void): void
    }
    const add = stream.addEventListener
    stream.addEventListener = function (type, listener) {
      add.call(this, type, (event) => {
        heard.push(type)
        listener.call(this, event)
      })
    }
  })
  const viewer = await viewerContext.newPage()
  await viewer.goto(`${webHost.origin}/?token=${token}`)
  await expect(viewer.getByTestId('signed-in')).toHaveText(/Vera\s*viewer/)
  await expect(viewer.getByTestId('result-count')).toHaveText('1 asset')
  // The admin makes a collection: the viewer's window hears it live.
  await callApi(webHost, 'collections:create', { name: 'Before' })
  await expect
    .poll(() => viewer.evaluate(() => (window as unknown as { heardEvents: string[] }).heardEvents.length))
    .toBeGreaterThan(0)

  await admin.getByRole('button', { name: 'Settings' }).click()
  const people = admin.getByRole('region', { name: 'People' })
  await people.getByTestId('person').filter({ hasText: 'Vera' }).getByRole('button', { name: 'Remove' }).click()
  await admin.getByRole('dialog').getByRole('button', { name: 'Remove' }).click()

  const ended = viewer.getByTestId('access-ended')
  await expect(ended.getByRole('heading')).toHaveText('Your access to Studio Reel was removed by admin')
  await expect(viewer.getByTestId('result-count')).toHaveCount(0)
  const heardAtRemoval = await viewer.evaluate(() => [...(window as unknown as { heardEvents: string[] }).heardEvents])
  expect(heardAtRemoval.at(-1)).toBe('access:ended')

  // What the team does next does not reach her window, not even after its stream would have reconnected.
  await callApi(webHost, 'collections:create', { name: 'After' })
  await callApi(webHost, 'library:rename', { name: 'Studio Reel 2' })
  // Longer than a browser waits to reconnect a stream the server ended (3 s).
  await viewer.waitForTimeout(4_000)
  expect(await viewer.evaluate(() => (window as unknown as { heardEvents: string[] }).heardEvents)).toEqual(
    heardAtRemoval,
  )
  await expect(ended).toBeVisible()
  await viewer.setViewportSize({ width: 1440, height: 900 })
  await viewer.screenshot({ path: 'test-results/screens/access-ended-1440.png' })
  await viewer.setViewportSize({ width: 390, height: 844 })
  await viewer.screenshot({ path: 'test-results/screens/access-ended-390.png' })
})
