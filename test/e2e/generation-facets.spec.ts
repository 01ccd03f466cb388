import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi, importFixtures } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()
const WAN = 'wan2.1_t2v_14B_fp8.safetensors'
const SDXL = 'sd_xl_base_1.0.safetensors'

/** Sends `file` as a generator would (media:import-generated), with its model, sampler, steps and LoRAs. */
async function importGenerated(
  host: RunningWebHost,
  file: string,
  details: { provider: string; model: string; sampler: string; steps: number; loras: string[]; workflow?: boolean },
): Promise<string> {
  const name = path.basename(file)
  const upload = await fetch(`${host.origin}/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}` },
    body: await readFile(file),
  })
  const { data } = (await upload.json()) as { data: { uploadId: string } }
  const params = {
    sampler: details.sampler,
    steps: details.steps,
    loras: details.loras.map((lora) => ({ name: lora, weight: 0.8 })),
  }
  const workflow = { nodes: [{ id: 'save', type: 'SaveVideo' }], connections: [] }
  const result = await callApi<{ assetId: string }>(host, 'media:import-generated', {
    upload: { uploadId: data.uploadId, name },
    generation: { provider: details.provider, model: details.model, generationParams: JSON.stringify(params) },
    ...(details.workflow
      ? { workflow: { definition: JSON.stringify(workflow), name: 'Wan text to video' }, nodeId: 'save' }
      : {}),
  })
  return result.assetId
}

/** A library of three generated files (two Wan clips sharing a LoRA, one SDXL still) and one plain JPEG. */
async function seedLibrary(host: RunningWebHost): Promise<void> {
  await importGenerated(host, fixtures.mp4, {
    provider: 'comfyui',
    model: WAN,
    sampler: 'euler',
    steps: 20,
    loras: ['add_detail', 'film_grain'],
    workflow: true,
  })
  await importGenerated(host, fixtures.webm, {
    provider: 'comfyui',
    model: WAN,
    sampler: 'dpmpp_2m',
    steps: 30,
    loras: ['add_detail'],
  })
  await importGenerated(host, fixtures.png, {
    provider: 'invokeai',
    model: SDXL,
    sampler: 'euler',
    steps: 30,
    loras: [],
  })
  await importFixtures(host, [fixtures.jpg])
}

// A set facet's group name takes in its legend's "Clear" too: find the facet by its title.
const facet = (page: Page, title: string) => page.locator(`fieldset[data-facet="${title}"]`)
const choice = (page: Page, title: string, label: string) =>
  facet(page, title).locator('label.choice', { hasText: label })

test('generation facets count models and LoRAs, narrow the grid, and stay in the URL over a reload', async ({
  page,
  webHost,
}) => {
  await seedLibrary(webHost)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(webHost.url)
  await expect(page.getByTestId('result-count')).toHaveText('4 assets')
  const generation = page.getByRole('region', { name: 'Generation' })
  await expect(generation).toBeVisible()
  await expect(choice(page, 'Model', WAN).getByTestId('facet-count')).toHaveText('2')
  await expect(choice(page, 'Model', SDXL).getByTestId('facet-count')).toHaveText('1')
  await expect(choice(page, 'LoRAs', 'add_detail').getByTestId('facet-count')).toHaveText('2')
  await expect(choice(page, 'LoRAs', 'film_grain').getByTestId('facet-count')).toHaveText('1')
  await expect(choice(page, 'Provider', 'comfyui').getByTestId('facet-count')).toHaveText('2')
  await expect(choice(page, 'Steps', '30').getByTestId('facet-count')).toHaveText('2')
  await expect(choice(page, 'Workflow', 'Has a workflow').getByTestId('facet-count')).toHaveText('1')
  // The LoRA facet says its ticks combine with AND (screen readers hear it with the group).
  await expect(facet(page, 'LoRAs')).toHaveAccessibleDescription('Ticked LoRAs must all have been used.')

  await choice(page, 'Model', WAN).getByRole('checkbox').check()
  await expect(page.getByTestId('result-count')).toHaveText('2 assets')
  await expect(page).toHaveURL(/model=wan2\.1_t2v_14B_fp8\.safetensors/)
  // The other facets count within the model: the SDXL still's sampler steps are gone from Steps.
  await expect(choice(page, 'Steps', '20').getByTestId('facet-count')).toHaveText('1')
  await choice(page, 'LoRAs', 'film_grain').getByRole('checkbox').check()
  await expect(page.getByTestId('result-count')).toHaveText('1 asset')
  await generation.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/generation-facets-1440.png` })
  await expectNoSeriousAxeViolations(page, 'library with generation facets')

  await page.reload()
  await expect(page.getByTestId('result-count')).toHaveText('1 asset')
  await expect(choice(page, 'Model', WAN).getByRole('checkbox')).toBeChecked()
  await expect(choice(page, 'LoRAs', 'film_grain').getByRole('checkbox')).toBeChecked()
  await page.getByRole('button', { name: 'Clear LoRAs' }).click()
  await expect(page.getByTestId('result-count')).toHaveText('2 assets')

  // A library without generation details shows no Generation group.
  await page.getByRole('button', { name: 'Clear all' }).click()
  await page.getByRole('searchbox', { name: 'Search' }).fill('zzz-nothing')
  await expect(page.getByTestId('result-count')).toHaveText('0 assets')
  await expect(generation).toBeHidden()
})

test('a saved search keeps query, filters and sort, survives a reload, and can be renamed and deleted', async ({
  page,
  webHost,
}) => {
  // Saves, reloads, renames and deletes: longer than the default 30 s on a busy 2-core machine.
  test.setTimeout(60_000)
  await seedLibrary(webHost)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${webHost.url}#/library?model=${encodeURIComponent(WAN)}&sort=name&dir=asc`)
  await expect(page.getByTestId('result-count')).toHaveText('2 assets')

  await page.getByRole('button', { name: 'Save search…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Save this search' })
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused()
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Wan clips')
  await page.screenshot({ path: `${SCREENS}/saved-search-dialog-1440.png` })
  await dialog.getByRole('textbox', { name: 'Name' }).press('Enter')
  await expect(dialog).toBeHidden()
  const nav = page.getByRole('navigation', { name: 'Main' })
  const saved = nav.getByRole('link', { name: 'Wan clips' })
  await expect(saved).toBeVisible()
  await expect(saved).toHaveAttribute('aria-current', 'true')

  // The same name again is a conflict, answered by Replace (which takes the new state).
  await choice(page, 'Steps', '20').getByRole('checkbox').check()
  await expect(page.getByTestId('result-count')).toHaveText('1 asset')
  await page.getByRole('button', { name: 'Save search…' }).click()
  await dialog.getByRole('textbox', { name: 'Name' }).fill('wan clips')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByRole('alert')).toContainText('already named')
  await dialog.getByRole('button', { name: 'Replace' }).click()
  await expect(dialog).toBeHidden()
  await expect(nav.getByRole('listitem')).toHaveCount(1)
  await expectNoSeriousAxeViolations(page, 'library with a saved search')

  await page.reload()
  await expect(saved).toBeVisible()
  await page.getByRole('button', { name: 'Clear all' }).click()
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('imported')
  await expect(page.getByTestId('result-count')).toHaveText('4 assets')
  await expect(saved).not.toHaveAttribute('aria-current', 'true')
  await saved.click()
  await expect(page.getByTestId('result-count')).toHaveText('1 asset')
  await expect(page).toHaveURL(/model=.*steps=20.*sort=name&dir=asc/)
  await expect(choice(page, 'Model', WAN).getByRole('checkbox')).toBeChecked()
  await expect(page.getByRole('combobox', { name: 'Sort by' })).toHaveValue('name')
  await page.screenshot({ path: `${SCREENS}/saved-search-nav-1440.png` })

  // Rename through the "⋯" button; the keyboard comes back to it.
  const more = nav.getByRole('button', { name: 'Rename or delete “Wan clips”' })
  await more.click()
  await nav.getByRole('button', { name: 'Rename…' }).click()
  const rename = page.getByRole('dialog', { name: 'Rename “Wan clips”' })
  // The old name is selected: typing replaces it (issue 37 point 8: it used to append).
  await expect(rename.getByRole('textbox', { name: 'Name' })).toBeFocused()
  await page.keyboard.type('Wan at 20 steps')
  await rename.getByRole('button', { name: 'Rename' }).click()
  await expect(nav.getByRole('link', { name: 'Wan at 20 steps' })).toBeVisible()
  await expect(nav.getByRole('button', { name: 'Rename or delete “Wan at 20 steps”' })).toBeFocused()

  // Delete asks first; Cancel keeps it, the confirmation removes it.
  await page.keyboard.press('Enter')
  await nav.getByRole('button', { name: 'Delete…' }).click()
  const confirm = page.getByTestId('delete-search-dialog')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(nav.getByRole('link', { name: 'Wan at 20 steps' })).toBeVisible()
  await nav.getByRole('button', { name: 'Rename or delete “Wan at 20 steps”' }).click()
  await nav.getByRole('button', { name: 'Delete…' }).click()
  await confirm.getByRole('button', { name: 'Delete saved search' }).click()
  await expect(nav.getByRole('link', { name: 'Wan at 20 steps' })).toBeHidden()
  await expect(nav.getByRole('button', { name: 'Library' })).toBeFocused()
  expect((await callApi<{ searches: unknown[] }>(webHost, 'searches:list', {})).searches).toEqual([])
})

test('at 390 px the generation facets and saved searches fit the narrow layout', async ({ page, webHost }) => {
  await seedLibrary(webHost)
  await callApi(webHost, 'searches:save', { name: 'SDXL stills with a rather long name', filter: { model: [SDXL] } })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(webHost.url)
  await expect(page.getByTestId('result-count')).toHaveText('4 assets')
  await page.getByRole('button', { name: 'Filters' }).click()
  const generation = page.getByRole('region', { name: 'Generation' })
  await generation.scrollIntoViewIfNeeded()
  await expect(choice(page, 'Model', SDXL).getByTestId('facet-count')).toHaveText('1')
  await page.screenshot({ path: `${SCREENS}/generation-facets-390.png` })
  await expectNoSeriousAxeViolations(page, 'narrow library with generation facets')

  await page.getByRole('button', { name: 'Menu' }).click()
  const saved = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /SDXL stills/ })
  await expect(saved).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/saved-search-nav-390.png` })
  await saved.click()
  await expect(page.getByTestId('result-count')).toHaveText('1 asset')
  await expect(saved).toBeHidden()
})
