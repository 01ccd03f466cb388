import { readFileSync } from 'node:fs'
import type { JSHandle, Page } from '@playwright/test'
import { expect } from './web-host-fixture'

/** A file to drop: its name and type in the page, and where its bytes come from. */
export type DroppedFile = { name: string; type: string; path: string }

/** Opens the app on the Library section of a fresh library. */
export async function openLibrary(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library', exact: true }).click()
  await expect(page.getByTestId('empty-library')).toBeVisible()
}

/** Opens the import panel (it starts folded to its line in the library's head), unless it is open already. */
export async function openImports(page: Page): Promise<void> {
  const toggle = page.getByTestId('import-panel-toggle')
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
}

/** Slows the page's uploads to `bytesPerSecond`, so an upload and its import are seen running. */
export async function throttleUploads(page: Page, bytesPerSecond: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  })
}

/** Drops files on the drop zone as the OS would: a DataTransfer built in the page, carried by drag events. */
export async function dropFiles(page: Page, files: DroppedFile[]): Promise<void> {
  const payload = files.map((file) => ({ ...file, base64: readFileSync(file.path).toString('base64') }))
  const transfer = await page.evaluateHandle((items) => {
    const dataTransfer = new DataTransfer()
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (char) => char.charCodeAt(0))
      dataTransfer.items.add(new File([bytes], item.name, { type: item.type }))
    }
    return dataTransfer
  }, payload)
  await dropTransfer(page, transfer)
}

/** Drops a DataTransfer built in the page on the drop zone, carried by drag events as the OS would. */
export async function dropTransfer(page: Page, transfer: JSHandle<DataTransfer>): Promise<void> {
  const zone = page.getByTestId('drop-zone')
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer })
  await zone.dispatchEvent('dragover', { dataTransfer: transfer })
  await expect(zone).toHaveClass(/\bdragging\b/)
  await zone.dispatchEvent('drop', { dataTransfer: transfer })
  await expect(zone).not.toHaveClass(/\bdragging\b/)
}
