import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Locator, Page } from '@playwright/test'
import { resolveMediaTools } from '../../main/media/media-tools'
import { api, GENERATION, meta, MP4_ANY_TAGS, ui, VHS_WORKFLOW_ID } from '../fixtures/generation-fixtures'
import { callApi, importFixtures } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const SCREENS = 'test-results/screens'
// The fixtures' VideoHelperSuite graph (a LoRA whose strength_clip Python wrote as a bare NaN, KSampler 3 →
// VAEDecode 8 → VHS_VideoCombine 9), which the fake runs.
const VHS = GENERATION.vhs(5551212)
// Made in beforeAll: the runner process also loads this file to list its tests, and would leave a folder behind.
let clipDir = ''
const clipPath = () => path.join(clipDir, 'AnimateDiff_00001.mp4')
// ComfyUI's largest seed: past 2^53, so any trip through a JavaScript number would change its last digits.
const SEED = '18446744073709551615'

test.use({ webHostArgs: ['--fake-comfy'] })

test.beforeAll(async () => {
  clipDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-comfy-run-'))
  // A clip as VideoHelperSuite writes it: the API prompt and the UI workflow as mp4 tags.
  const clip = ['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=8:duration=1', '-pix_fmt', 'yuv420p', ...MP4_ANY_TAGS]
  const tags = [...meta('prompt', api(VHS)), ...meta('workflow', ui(VHS, VHS_WORKFLOW_ID))]
  await promisify(execFile)(resolveMediaTools().ffmpeg, ['-v', 'error', '-y', ...clip, ...tags, clipPath()])
})

test.afterAll(() => rmSync(clipDir, { recursive: true, force: true }))

/** Imports the VideoHelperSuite clip and opens its detail at this size. */
async function openClip(page: Page, host: RunningWebHost, width: number, height: number): Promise<string> {
  const ids = await importFixtures(host, [clipPath()])
  const id = ids[path.basename(clipPath())]!
  await page.setViewportSize({ width, height })
  await page.goto(`${host.url}#/asset/${id}`)
  await expect(page.getByRole('heading', { name: 'Generation' })).toBeVisible()
  return id
}

const section = (page: Page, name: string) => page.locator('section', { has: page.getByRole('heading', { name }) })
const runDialog = (page: Page) => page.getByRole('dialog', { name: /^Run again/ })
const sampler = (dialog: Locator) => dialog.getByRole('group', { name: /^KSampler #3/ })
const positive = (dialog: Locator) => dialog.getByRole('group', { name: /#6\b/ }).getByLabel('text', { exact: true })

test('Run again on a ComfyUI clip with a 20-digit seed: progress live, the new output carries the seed typed', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  expect(webHost.comfyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  await openClip(page, webHost, 1440, 900)
  await page.getByRole('region', { name: 'Workflow and node' }).getByRole('button', { name: 'Run again…' }).click()

  // The form: the clip's own prompt, grouped by node, prefilled with its values.
  const dialog = runDialog(page)
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(/^Run again: /)
  await expect(dialog).toContainText(`on ${webHost.comfyUrl}`)
  const seed = sampler(dialog).getByLabel('seed', { exact: true })
  await expect(seed).toHaveValue('5551212')
  await expect(positive(dialog)).toHaveValue(VHS.positive)
  await expect(dialog.getByRole('group', { name: /#4\b/ }).getByLabel('ckpt_name')).toHaveValue(VHS.ckpt)
  // Random draws a 64-bit seed as text; then the seed typed replaces it.
  await sampler(dialog).getByRole('button', { name: 'Random seed for KSampler #3' }).click()
  await expect(seed).toHaveValue(/^\d{1,20}$/)
  await expect(seed).not.toHaveValue('5551212')
  // A value that is not a number is refused before anything is sent.
  await sampler(dialog).getByLabel('steps', { exact: true }).fill('six')
  await expect(dialog.getByText('steps takes a whole number.')).toBeVisible()
  await sampler(dialog).getByLabel('steps', { exact: true }).fill('6')
  await seed.fill(SEED)
  // "[fake:slow]" makes the fake take 300 ms a step: long enough to watch.
  await positive(dialog).fill(`${VHS.positive} [fake:slow]`)
  await expect(dialog.getByRole('status').filter({ hasText: 'changed' })).toHaveText('3 inputs changed.')
  await expect(seed).toHaveValue(SEED)
  await page.screenshot({ path: `${SCREENS}/comfy-run-form-1440.png` })

  // Run: the job's progress names the node and its steps as they go, with Cancel.
  await dialog.getByRole('button', { name: 'Run', exact: true }).click()
  const progress = dialog.getByTestId('run-progress')
  await expect(progress).toContainText(/Running node 3 \(KSampler\): [1-5] of 6/, { timeout: 30_000 })
  await expect(progress.getByRole('progressbar')).toBeVisible()
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/comfy-run-progress-1440.png` })
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
  await expect(progress.getByRole('status')).toHaveText(/^Done: [12] outputs? filed\.$/)
  const run = progress.getByRole('listitem').filter({ hasText: 'The run' })
  await expect(run).toContainText('Done')
  await page.screenshot({ path: `${SCREENS}/comfy-run-done-1440.png` })

  // The new clip: its Generation section holds the seed typed, every digit, and it is filed on the new run.
  const runHref = await run.getByRole('link', { name: 'The run' }).getAttribute('href')
  await run
    .getByRole('link', { name: /^Open output/ })
    .first()
    .click()
  await expect(dialog).toBeHidden()
  const generation = section(page, 'Generation')
  const seedFact = generation.locator('.detail-facts > div', { has: page.locator('dt', { hasText: /^Seed$/ }) })
  await expect(seedFact.locator('dd code')).toHaveText(SEED)
  await expect(generation.getByLabel('Prompt', { exact: true })).toHaveText(`${VHS.positive} [fake:slow]`)
  const made = page.getByRole('region', { name: 'Workflow and node' }).getByRole('listitem').first()
  await expect(made.getByRole('link', { name: /^[0-9a-f]{8}/ })).toHaveAttribute('href', runHref!)
  await generation.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/comfy-run-output-1440.png` })

  // The new output runs again too: its form is prefilled with the seed it was made with.
  await page.getByRole('region', { name: 'Workflow and node' }).getByRole('button', { name: 'Run again…' }).click()
  await expect(sampler(runDialog(page)).getByLabel('seed', { exact: true })).toHaveValue(SEED)
  await page.keyboard.press('Escape')

  // The two runs compared on the workflow page: the clip's own seed against the one typed.
  await page.goto(`${webHost.url}#/workflow/${encodeURIComponent(VHS_WORKFLOW_ID)}`)
  const table = page.getByRole('table', { name: 'Executions' })
  await expect(table.locator('tbody tr')).toHaveCount(2)
  for (const box of await table.getByRole('checkbox', { name: /^Compare run / }).all()) await box.check()
  await page.getByRole('button', { name: 'Compare (2)' }).click()
  const seedRow = page.getByRole('row', { name: /seed/ }).first()
  await expect(seedRow).toContainText(SEED)
  await expect(seedRow).toContainText(String(VHS.seed))
  await page.screenshot({ path: `${SCREENS}/comfy-run-compare-1440.png` })

  // The new run's page lays out its data from the stored text: the prompt's seed with every digit.
  await page.goto(`${webHost.url}${runHref}`)
  await page.getByText('Execution data (the prompt it ran)').click()
  await expect(page.getByRole('region', { name: 'Execution data' })).toContainText(`"seed": ${SEED}`)
})

test('a sweep of 3 seeds from the workflow page on a phone: three sibling runs, each with its output', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  await openClip(page, webHost, 390, 844)
  await page.goto(`${webHost.url}#/workflow/${encodeURIComponent(VHS_WORKFLOW_ID)}`)
  await page.getByRole('button', { name: 'Run again…', exact: true }).click()
  const dialog = runDialog(page)
  await expect(sampler(dialog).getByLabel('seed', { exact: true })).toHaveValue('5551212')
  await dialog.getByRole('radio', { name: 'A sweep of seeds' }).check()
  await expect(sampler(dialog).getByLabel('seed', { exact: true })).toBeDisabled()
  await expect(dialog.getByLabel('How many seeds')).toHaveValue('3')
  await page.screenshot({ path: `${SCREENS}/comfy-run-sweep-390.png` })
  await dialog.getByRole('button', { name: 'Run 3 times' }).click()
  const progress = dialog.getByTestId('run-progress')
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 90_000 })
  const runs = progress.getByRole('list', { name: 'Runs' }).locator(':scope > li')
  await expect(runs).toHaveCount(3)
  for (let i = 0; i < 3; i++) {
    await expect(runs.nth(i)).toContainText(`Run ${i + 1} of 3`)
    await expect(runs.nth(i)).toContainText('Done')
    await expect(
      runs
        .nth(i)
        .getByRole('link', { name: /^Open output/ })
        .first(),
    ).toBeVisible()
  }
  await page.screenshot({ path: `${SCREENS}/comfy-run-sweep-done-390.png`, fullPage: true })
  // Three runs with three different seeds, siblings in the workflow's runs.
  const { items } = await callApi<{ items: Array<{ id: string }> }>(webHost, 'executions:list', {
    workflowId: VHS_WORKFLOW_ID,
    limit: 10,
    offset: 0,
  })
  expect(items).toHaveLength(4)
})

test('a failing run says where and why; back to the inputs, a slow run is cancelled and interrupted', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  await openClip(page, webHost, 1440, 900)
  await page.getByRole('region', { name: 'Workflow and node' }).getByRole('button', { name: 'Run again…' }).click()
  const dialog = runDialog(page)
  // "[fake:error]" makes the fake fail at the node holding it (the positive prompt, node 6).
  await positive(dialog).fill(`${VHS.positive} [fake:error]`)
  await dialog.getByRole('button', { name: 'Run', exact: true }).click()
  const progress = dialog.getByTestId('run-progress')
  await expect(progress).toHaveAttribute('data-state', 'failed', { timeout: 60_000 })
  await expect(progress.getByRole('status')).toHaveText('Failed.')
  const failed = progress.getByRole('listitem').filter({ hasText: 'The run' })
  await expect(failed).toContainText('Failed')
  await expect(failed).toContainText(/ComfyUI failed at node 6 \(CLIPTextEncode\): .+/)
  await page.screenshot({ path: `${SCREENS}/comfy-run-failed-1440.png` })

  // Back to the inputs as typed: the error goes, slowness comes, and Cancel interrupts the run on ComfyUI.
  await dialog.getByRole('button', { name: 'Change inputs and run again' }).click()
  await expect(positive(dialog)).toHaveValue(`${VHS.positive} [fake:error]`)
  await positive(dialog).fill(`${VHS.positive} [fake:slow]`)
  await dialog.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(progress).toContainText(/Running node 3 \(KSampler\)/, { timeout: 30_000 })
  await progress.getByRole('button', { name: 'Cancel' }).click()
  await expect(progress).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 })
  await expect(progress.getByRole('status')).toHaveText('Cancelled.')
  await expect(progress.getByRole('listitem').filter({ hasText: 'The run' })).toContainText('Interrupted')
})

test('Settings keeps a ComfyUI address only once it answers; without one, Run again says where to set it', async ({
  page,
  webHost,
}) => {
  await openClip(page, webHost, 1440, 900)
  await page.goto(`${webHost.url}#/settings`)
  const comfy = page.getByRole('region', { name: 'ComfyUI' })
  const status = comfy.getByTestId('comfy-server-status')
  const address = comfy.getByLabel('Server address')
  await expect(status).toHaveText(`Runs go to ${webHost.comfyUrl}.`)
  await expect(address).toHaveValue(webHost.comfyUrl!)

  // Refused in words, the address kept before stays.
  await address.fill('localhost:8188')
  await comfy.getByRole('button', { name: 'Check & save' }).click()
  await expect(comfy.getByRole('alert')).toContainText('is not a full address: write it with http://')
  await expect(comfy.getByRole('alert')).toContainText(`Runs still go to ${webHost.comfyUrl}.`)
  await address.fill('http://127.0.0.1:9')
  await comfy.getByRole('button', { name: 'Check & save' }).click()
  await expect(comfy.getByRole('alert')).toContainText('Not saved: ')
  await comfy.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/comfy-settings-refused-1440.png` })

  // Checked and saved: the server's version is shown.
  await address.fill(webHost.comfyUrl!)
  await comfy.getByRole('button', { name: 'Check & save' }).click()
  await expect(status).toHaveText(new RegExp(`^Saved: ${webHost.comfyUrl} answers as ComfyUI \\S+\\.$`))
  await expect(comfy.getByRole('alert')).toHaveCount(0)

  // Forgotten: Run again says no server is set and leads to Settings.
  await comfy.getByRole('button', { name: 'Forget' }).click()
  await expect(status).toHaveText('Forgotten: no ComfyUI server is set.')
  await expect(address).toHaveValue('')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: `${SCREENS}/comfy-settings-390.png` })
  await page.goBack()
  await page.getByRole('region', { name: 'Workflow and node' }).getByRole('button', { name: 'Run again…' }).click()
  const dialog = runDialog(page)
  await expect(dialog).toContainText('No ComfyUI server is set')
  await expect(dialog.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0)
  await page.screenshot({ path: `${SCREENS}/comfy-run-no-server-390.png` })
  await dialog.getByRole('link', { name: 'Set your ComfyUI address in Settings' }).click()
  await expect(page.getByRole('region', { name: 'ComfyUI' })).toBeVisible()
})
