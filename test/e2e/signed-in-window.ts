import type { Browser, BrowserContextOptions, Page } from '@playwright/test'
import { expect, type RunningWebHost } from './web-host-fixture'

/**
 * A 1440 px window of its own, signed in with `token` (the hub's first admin's when none), on the library, filtered
 * to `collectionId` when given.
 */
export async function signedInWindow(
  browser: Browser,
  webHost: RunningWebHost,
  { token, collectionId, context }: { token?: string; collectionId?: number; context?: BrowserContextOptions } = {},
): Promise<Page> {
  const page = await (await browser.newContext(context)).newPage()
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(token ? `${webHost.origin}/?token=${token}` : webHost.url)
  await expect(page.getByTestId('signed-in')).toBeVisible()
  if (collectionId === undefined) return page
  await page.goto(`${webHost.origin}/#/library?collection=${collectionId}`)
  await expect(page.getByTestId('collection-head')).toBeVisible()
  return page
}
