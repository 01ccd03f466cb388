import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi, importFixtures } from './web-api'
import { expect, test } from './web-host-fixture'
import path from 'node:path'
import type { Page } from '@playwright/test'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()

// No worker: the analysis waits in the queue, so a cancel ends it at once and the test needs no timing.
test.use({ hostKind: 'hub', webHostArgs: ['--workers', '0', '--admin', 'Ada'] })

const openJobs = async (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Jobs' }).click()

test('a job one person cancels reads "Cancelled by" them in another person’s window', async ({
  page,
  webHost,
  browser,
}) => {
  test.setTimeout(90_000)
  const ids = await importFixtures(webHost, [fixtures.mp4])
  const assetId = ids[path.basename(fixtures.mp4)]!
  const { job } = await callApi<{ job: { id: string; title: string } }>(webHost, 'analysis:run', {
    assetId,
    analyzer: 'scenes',
  })
  const { token } = await callApi<{ token: string }>(webHost, 'people:add', { name: 'Vera', role: 'editor' })

  // Ada (the admin) watches the Jobs page; Vera, in a browser of her own, cancels the waiting analysis.
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(webHost.url)
  await openJobs(page)
  const vera = await (await browser.newContext()).newPage()
  await vera.setViewportSize({ width: 1440, height: 900 })
  await vera.goto(`${webHost.origin}/?token=${token}`)
  await openJobs(vera)
  const waiting = vera.getByRole('region', { name: 'Running and waiting' }).getByRole('listitem').filter({
    hasText: job.title,
  })
  await waiting.getByRole('button', { name: 'Cancel' }).click()

  const ended = (window: Page) =>
    window.getByRole('region', { name: 'Ended lately' }).getByRole('group', { name: job.title }).getByRole('status')
  await expect(ended(page)).toHaveText('Cancelled by Vera.')
  await expect(ended(vera)).toHaveText('Cancelled by Vera.')
  expect(await callApi<{ job: { cancelledBy: string | null } }>(webHost, 'jobs:get', { jobId: job.id })).toMatchObject({
    job: { cancelledBy: 'Vera' },
  })
  await page.screenshot({ path: `${SCREENS}/job-cancelled-by-1440.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(ended(page)).toHaveText('Cancelled by Vera.')
  await page.screenshot({ path: `${SCREENS}/job-cancelled-by-390.png`, fullPage: true })
  await expectNoSeriousAxeViolations(page, 'the Jobs page with a job cancelled by another person')

  // Retried, the job is asked for again: whose cancel it was no longer shows.
  await callApi(webHost, 'jobs:retry', { jobId: job.id })
  expect(await callApi<{ job: { cancelledBy: string | null } }>(webHost, 'jobs:get', { jobId: job.id })).toMatchObject({
    job: { cancelledBy: null },
  })
})
