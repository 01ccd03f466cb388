import { expect, type Browser, type Page } from '@playwright/test'
import { fixturePaths } from '../fixtures/make-fixtures'
import { callApi } from './web-api'
import type { RunningWebHost } from './web-host-fixture'

/** What a review between a hub's admin and a client starts from. */
export interface AdminAndClient {
  /** The admin's window, on the library, the clip imported through it. */
  admin: Page
  /** The client's window (Cleo, a commenter, limited to "Client cut"), signed in. */
  client: Page
  /** The clip both see: "Client cut" holds it. */
  asset: { id: string; name: string }
  /** The collection shared with the client. */
  collectionId: number
  /** The paths of the client window's requests answered 403 (a client's window asks nothing it would be refused). */
  refused: string[]
}

/**
 * A hub's admin imports a clip in their window and shares it, in "Client cut", with Cleo, a commenter (a client),
 * signed in in a window of her own; both windows 1440 px wide.
 */
export async function adminAndClient(webHost: RunningWebHost, browser: Browser): Promise<AdminAndClient> {
  const admin = await (await browser.newContext()).newPage()
  await admin.setViewportSize({ width: 1440, height: 900 })
  await admin.goto(webHost.url)
  await admin.getByTestId('file-picker').setInputFiles([fixturePaths().mp4])
  await expect(admin.getByTestId('result-count')).toHaveText('1 asset')
  const { items } = await callApi<{ items: { id: string; name: string }[] }>(webHost, 'media:list', {})
  const asset = { id: items[0]!.id, name: items[0]!.name }
  const { token, person } = await callApi<{ token: string; person: { id: number } }>(webHost, 'people:add', {
    name: 'Cleo',
    role: 'commenter',
  })
  const { collection } = await callApi<{ collection: { id: number } }>(webHost, 'collections:create', {
    name: 'Client cut',
  })
  await callApi(webHost, 'collections:add', { collectionId: collection.id, ids: [asset.id] })
  // A client sees what is shared with them.
  await callApi(webHost, 'collections:share', { collectionId: collection.id, with: { personId: person.id } })
  const client = await (await browser.newContext()).newPage()
  const refused: string[] = []
  client.on('response', (response) => {
    if (response.status() === 403) refused.push(new URL(response.url()).pathname)
  })
  await client.setViewportSize({ width: 1440, height: 900 })
  await client.goto(`${webHost.origin}/?token=${token}`)
  await expect(client.getByTestId('signed-in')).toHaveText(/Cleo\s*commenter/)
  return { admin, client, asset, collectionId: collection.id, refused }
}
