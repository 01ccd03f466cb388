import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import type { MediaAsset, MediaFilter, MediaSort } from '../../shared/contract'
import { thumbnailKeys } from '../../main/library/library-paths'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expect, type RunningWebHost } from './web-host-fixture'

const fixtures = fixturePaths()

/** Ten fixtures of every kind the browser shows (videos in four containers, stills, a GIF), for the browsing specs. */
export const BROWSE_MEDIA = [
  fixtures.mp4,
  fixtures.webm,
  fixtures.mkv,
  fixtures.mov,
  fixtures.rotated,
  fixtures.png,
  fixtures.jpg,
  fixtures.longClip,
  fixtures.twoAudio,
  fixtures.animatedGif,
]

/** Calls a channel of the web host as a script would, with the secret as a bearer token; fails the test unless it answers ok. */
export async function callApi<T>(host: RunningWebHost, channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  const body = (await response.json()) as { ok: boolean; data: T }
  expect(body.ok, `${channel}: ${JSON.stringify(body)}`).toBe(true)
  return body.data
}

/** The library's assets (up to 100) as `media:list` answers them as whole records, for a query, filter and sort. */
export const listAssets = (
  host: RunningWebHost,
  input: { query?: string; filter?: MediaFilter; sort?: MediaSort } = {},
): Promise<MediaAsset[]> =>
  callApi<{ items: MediaAsset[] }>(host, 'media:list', { limit: 100, ...input, view: 'full' }).then(
    (page) => page.items,
  )

/**
 * Opens the app (it opens on the Library), imports `files` through the file picker (copied into
 * the library) and waits until `assets` of them are in the library and the grid counts them.
 */
export async function openWithImported(
  page: Page,
  host: RunningWebHost,
  files: string[],
  assets = files.length,
): Promise<MediaAsset[]> {
  await page.goto(host.url)
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible()
  await page.getByTestId('file-picker').setInputFiles(files)
  await expect.poll(async () => (await listAssets(host)).length, { timeout: 30_000 }).toBe(assets)
  await expect(page.getByTestId('result-count')).toHaveText(`${assets} assets`)
  return listAssets(host)
}

/**
 * Opens the app with BROWSE_MEDIA imported and the grid at one 360 px card per row, every poster settled
 * (a thumbnail event would rightly render its card again); returns the grid.
 */
export async function openOneColumnGrid(page: Page, host: RunningWebHost): Promise<Locator> {
  const assets = await openWithImported(page, host, BROWSE_MEDIA)
  // Every poster written first: one still to make is answered "pending", and its card rightly renders again when
  // it comes (later on a machine busy with the import's near-duplicate hashing).
  const posters = assets.map((asset) => thumbnailKeys(asset.id).poster)
  await expect
    .poll(async () => (await Promise.all(posters.map(host.objects.exists))).every(Boolean), { timeout: 60_000 })
    .toBe(true)
  // ... and the import's frame hashing ended: the near-duplicates it finds change their assets, whose cards then
  // rightly render again (a CI run saw one do so in the middle of a render count).
  await expect
    .poll(
      async () => {
        const { jobs } = await callApi<{ jobs: Array<{ state: string }> }>(host, 'jobs:list', {})
        return jobs.every((job) => job.state !== 'queued' && job.state !== 'running')
      },
      { timeout: 60_000 },
    )
    .toBe(true)
  await page.getByRole('slider', { name: 'Card size' }).fill('360')
  const grid = page.getByTestId('media-grid')
  await expect(grid).toHaveAttribute('data-columns', '1')
  // Settled: the browser has each poster image it asked for, or has given it up (a failed one is taken away).
  await expect
    .poll(() =>
      grid.locator('.poster img').evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete)),
    )
    .toBe(true)
  return grid
}

/** Uploads fixture files and imports them as the browser would; returns the new asset ids by file name. */
export async function importFixtures(host: RunningWebHost, files: string[]): Promise<Record<string, string>> {
  const uploads = []
  for (const file of files) {
    const response = await fetch(`${host.origin}/upload?name=${encodeURIComponent(path.basename(file))}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}` },
      body: readFileSync(file),
    })
    const { data } = (await response.json()) as { data: { uploadId: string; name: string } }
    uploads.push({ uploadId: data.uploadId, name: data.name })
  }
  const { job } = await callApi<{ job: { id: string } }>(host, 'media:import-uploads', { uploads })
  type Outcome = { job: { state: string }; items: Array<{ name: string; asset: { id: string } | null }> }
  let done: Outcome
  do {
    done = await callApi<Outcome>(host, 'import:get', { jobId: job.id })
  } while (done.job.state === 'queued' || done.job.state === 'running')
  return Object.fromEntries(done.items.map((item) => [item.name, item.asset!.id]))
}
