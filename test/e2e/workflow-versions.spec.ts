import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { LIGHTHOUSE_GRAPH, type ComfyGraphOptions } from '../fixtures/comfy-documents'
import { ui } from '../fixtures/generation-fixtures'
import { writeComfyPng } from './comfy-png'
import { dropFiles, openLibrary } from './import-helpers'
import { callApi } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'
// Issue 20 point 1: one ComfyUI workflow id, two graph shapes: the second run has a PreviewImage (node 11) more.
const ID = '9d41c7a2-6b3e-4f58-8e1d-2c7b9a0f5e63'
const BASE = LIGHTHOUSE_GRAPH
const FIRST = { ...BASE, seed: 1 }
const SECOND = { ...BASE, seed: 2, preview: true }
const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-versions-'))

/** A SaveImage PNG carrying the API prompt and the UI workflow (id ID) of `options`, as ComfyUI writes them. */
function comfyPng(name: string, options: ComfyGraphOptions): string {
  return writeComfyPng(path.join(dir, name), options, ID)
}

test('a workflow that grew a node: the asset opens its own version, two versions compare on the graph and in a list, a paste adds a version', async ({
  page,
  webHost,
  context,
}) => {
  test.setTimeout(120_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const files = [comfyPng('lighthouse-v1.png', FIRST), comfyPng('lighthouse-v2.png', SECOND)]
  await page.setViewportSize({ width: 1280, height: 900 })
  await openLibrary(page, webHost.url)
  // One after the other: the first file's graph is version 1.
  for (const [i, file] of files.entries()) {
    await dropFiles(page, [{ name: path.basename(file), type: 'image/png', path: file }])
    await expect(page.getByTestId('media-card')).toHaveCount(i + 1, { timeout: 30_000 })
  }

  // The first picture: its workflow is version 1, and "Copy workflow JSON" copies its own definition, exactly.
  const detail = page.getByRole('article', { name: 'Asset detail' })
  const workflows = detail.getByRole('region', { name: 'Workflow and node' })
  await page.getByTestId('media-card').filter({ hasText: 'lighthouse-v1.png' }).dblclick()
  await expect(workflows.getByRole('listitem').first()).toContainText('ComfyUI workflow, version 1')
  await workflows.getByRole('button', { name: 'Copy workflow JSON' }).click()
  await expect(workflows.getByRole('button', { name: 'Copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ui(FIRST, ID))

  // The second picture opens the workflow page at its own version, 2.
  await page.goBack()
  await page.getByTestId('media-card').filter({ hasText: 'lighthouse-v2.png' }).dblclick()
  await expect(workflows.getByRole('listitem').first()).toContainText('ComfyUI workflow, version 2')
  await workflows.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/workflow-version-of-asset.png` })
  await workflows.getByRole('link', { name: 'Open the workflow' }).click()
  await expect(page).toHaveURL(new RegExp(`/#/workflow/${ID}\\?version=2&definition=sha256%3A[0-9a-f]{64}$`))
  const versions = page.getByRole('group', { name: 'Versions' })
  await expect(versions).toContainText('2 versions')
  const picker = versions.getByLabel('Version', { exact: true })
  await expect(picker).toHaveValue('2')
  await expect(picker.locator('option')).toHaveText([/^Version 1 · .* · 1 run$/, /^Version 2 · .* · 1 run \(newest\)$/])
  const nodes = page.locator('.react-flow__node-workflow')
  await expect(nodes).toHaveCount(8)

  // Compare with version 1: the PreviewImage is marked added on the graph and named in the list, the seed changed.
  await versions.getByLabel('Compare with…').selectOption('1')
  await expect(page).toHaveURL(`${webHost.origin}/#/workflow/${ID}?version=2&compare=1`)
  const diff = page.getByRole('region', { name: 'Changes from version 1 to version 2' })
  await expect(diff.getByTestId('diff-summary')).toContainText('1 node added, 1 changed · 1 link added')
  await expect(diff.getByRole('list', { name: 'Added nodes' })).toHaveText('PreviewImage #11')
  await expect(diff.getByRole('list', { name: 'Removed nodes' })).toHaveCount(0)
  await expect(diff.getByRole('list', { name: 'Changed nodes' })).toContainText('seed: 1 → 2')
  await expect(diff.getByRole('list', { name: 'Links' })).toContainText('added #8 output 0 → #11 images (IMAGE)')
  const preview = page.locator('.react-flow__node-workflow[data-id="11"]')
  await expect(preview.locator('.wf-node')).toHaveClass(/\bwf-node-added\b/)
  await expect(preview.locator('.wf-badge-added')).toHaveText('added')
  await expect(page.locator('.wf-node-changed')).toHaveCount(1)
  await expect(page.locator('.react-flow__edge.wf-edge-added')).toHaveCount(1)
  await expect(page.getByRole('status', { name: 'Comparison' })).toHaveText(
    /^Compared with version 1: 1 node added, 1 changed · 1 link added\. /,
  )
  // Tall enough to show the pickers, the graph and the list at once.
  await page.setViewportSize({ width: 1280, height: 1300 })
  await page.screenshot({ path: `${SCREENS}/workflow-versions.png` })
  await page.setViewportSize({ width: 1280, height: 900 })

  // A name in the list shows its node: selected (its parameters beside the graph) and zoomed to.
  const before = (await preview.boundingBox())!.width
  await diff.getByRole('button', { name: 'PreviewImage #11' }).click()
  await expect(preview.locator('.wf-node')).toHaveClass(/\bselected\b/)
  await expect(page.getByRole('complementary', { name: 'PreviewImage' })).toBeVisible()
  await expect.poll(async () => (await preview.boundingBox())!.width).toBeGreaterThan(before * 1.5)
  // The zoom is animated (300 ms): the picture is of where it ends.
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${SCREENS}/workflow-versions-focus.png` })

  // Back to version 1: its graph, without node 11; a reload keeps what the address says.
  await picker.selectOption('1')
  await expect(page).toHaveURL(`${webHost.origin}/#/workflow/${ID}?version=1`)
  await expect(nodes).toHaveCount(7)
  await expect(diff).toHaveCount(0)
  await page.reload()
  await expect(page.getByRole('group', { name: 'Versions' }).getByLabel('Version', { exact: true })).toHaveValue('1')
  await expect(nodes).toHaveCount(7)

  // Pasting the same id: a new shape (another save node) is version 3, the second graph with another seed joins
  // version 2, and the first file's definition again is already kept.
  const { workflow } = await callApi<{ workflow: { name: string } }>(webHost, 'workflows:get', { id: ID })
  const name = `“${workflow.name}”`
  const webp = {
    type: 'SaveAnimatedWEBP',
    widgets: { filename_prefix: 'ComfyUI', fps: 6, lossless: false, quality: 80, method: 'default' },
  }
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Workflows' }).click()
  for (const [text, said] of [
    [ui({ ...BASE, save: webp }, ID), `Added as version 3 of ${name}.`],
    [ui({ ...SECOND, seed: 3 }, ID), `Added to version 2 of ${name}: the same graph with other values.`],
    [ui(FIRST, ID), `Already kept: this exact definition is in version 1 of ${name}; nothing was added.`],
  ] as const) {
    if (!(await page.getByRole('form', { name: 'New workflow' }).isVisible()))
      await page.getByRole('button', { name: 'New workflow' }).click()
    const form = page.getByRole('form', { name: 'New workflow' })
    await form.getByLabel(/Workflow JSON/).fill(text)
    await form.getByLabel('Name').fill('Pasted lighthouse')
    await form.getByRole('button', { name: 'Create workflow' }).click()
    await expect(form.getByRole('status', { name: 'Added to a known workflow' })).toHaveText(
      new RegExp(`^${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} Open version \\d$`),
    )
  }
  await page.screenshot({ path: `${SCREENS}/workflow-version-pasted.png` })
  await page.getByRole('form', { name: 'New workflow' }).getByRole('link', { name: 'Open version 1' }).click()
  await expect(page).toHaveURL(`${webHost.origin}/#/workflow/${ID}?version=1`)
  await expect(page.getByRole('group', { name: 'Versions' })).toContainText('3 versions')
})

test("an asset opens its own definition of its version on the graph: its seed, not the version's first", async ({
  page,
  webHost,
}) => {
  const files = [
    comfyPng('opener.png', { ...BASE, seed: 111111 }),
    comfyPng('later-run.png', { ...BASE, seed: 424242 }),
  ]
  await openLibrary(page, webHost.url)
  for (const [i, file] of files.entries()) {
    await dropFiles(page, [{ name: path.basename(file), type: 'image/png', path: file }])
    await expect(page.getByTestId('media-card')).toHaveCount(i + 1, { timeout: 30_000 })
  }
  await page.getByTestId('media-card').filter({ hasText: 'later-run.png' }).dblclick()
  const workflows = page.getByRole('region', { name: 'Workflow and node' })
  await expect(workflows.getByRole('listitem').first()).toContainText('ComfyUI workflow, version 1')
  await workflows.getByRole('link', { name: 'Open the workflow' }).click()
  const sampler = page.locator('.react-flow__node-workflow', { hasText: 'KSampler' })
  await expect(sampler).toContainText('424242')
  await expect(sampler).not.toContainText('111111')
  // The version without the asset's definition draws the version's first.
  await page.goto(page.url().replace(/&definition=[^&]*/, ''))
  await expect(sampler).toContainText('111111')
})
