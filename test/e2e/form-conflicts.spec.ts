import type { Browser, Page } from '@playwright/test'
import { expectNoSeriousAxeViolations } from './axe-check'
import { callApi } from './web-api'
import { expect, test, type RunningWebHost } from './web-host-fixture'

const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

/** The admin's window and an editor's (another browser context) on one hub, each at `hash`. */
async function twoWindows(browser: Browser, host: RunningWebHost, hash: string): Promise<{ ada: Page; eddie: Page }> {
  const { token } = await callApi<{ token: string }>(host, 'people:add', { name: 'Eddie', role: 'editor' })
  const open = async (url: string) => {
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${url}${hash}`)
    return page
  }
  return { ada: await open(host.url), eddie: await open(`${host.origin}/?token=${token}`) }
}

const describeForm = (page: Page) => page.getByRole('form', { name: 'Describe workflow' })

// Issue 64: no lost update in a form that saves on a button, not only in the asset's fields.
test('workflow description: a save made after a colleague saved is refused and asks Keep mine or Take theirs', async ({
  browser,
  webHost,
}) => {
  // Two browsers on one hub, every change crossing its PostgreSQL: 25–30 s on an idle machine.
  test.setTimeout(60_000)
  const definition = JSON.stringify({ '3': { class_type: 'KSampler', inputs: { seed: 7 } } })
  const { workflow } = await callApi<{ workflow: { id: string } }>(webHost, 'workflows:create', {
    name: 'Harbour sweep',
    definition,
    format: 'comfyui-api',
    status: 'saved',
  })
  const { ada, eddie } = await twoWindows(browser, webHost, `#/workflow/${workflow.id}`)
  for (const page of [ada, eddie]) {
    await expect(page.getByRole('heading', { level: 1, name: 'Harbour sweep' })).toBeVisible()
    await page.getByRole('button', { name: 'Describe' }).click()
  }

  // Both began from no description; the admin saves first, then Eddie.
  await describeForm(ada).getByLabel('Description').fill('Dawn shots, 24 fps.')
  await describeForm(ada).getByRole('button', { name: 'Save description' }).click()
  await expect(ada.getByTestId('workflow-description')).toContainText('Dawn shots, 24 fps.')
  await describeForm(eddie).getByLabel('Description').fill('Dusk shots for the trailer.')
  const refusal = eddie.waitForResponse('**/api/workflows:update')
  await describeForm(eddie).getByRole('button', { name: 'Save description' }).click()
  expect((await refusal).status()).toBe(409)
  const notice = describeForm(eddie).getByRole('alert')
  await expect(notice).toContainText(/admin changed this description (just now|\d+ min ago)/)
  await expect(notice.locator('[data-side="theirs"]')).toHaveText('Dawn shots, 24 fps.')
  await expect(notice.locator('[data-side="mine"]')).toHaveText('Dusk shots for the trailer.')
  // Nothing of Eddie's was written: the admin's description stands until Eddie chooses.
  expect(await callApi(webHost, 'workflows:get', { id: workflow.id })).toMatchObject({
    workflow: { description: 'Dawn shots, 24 fps.' },
    versions: { description: { version: 1, changedBy: 'admin' } },
  })
  await expectNoSeriousAxeViolations(eddie, 'a conflict notice in the workflow description form')
  await eddie.setViewportSize({ width: 1440, height: 900 })
  await eddie.screenshot({ path: `${SCREENS}/form-conflict-workflow-1440.png` })
  await eddie.setViewportSize({ width: 390, height: 844 })
  await notice.scrollIntoViewIfNeeded()
  await eddie.screenshot({ path: `${SCREENS}/form-conflict-workflow-390.png` })
  await eddie.setViewportSize({ width: 1440, height: 900 })

  // The admin opens the description again (on version 1) before Eddie chooses.
  await ada.getByRole('button', { name: 'Edit description' }).click()
  await expect(describeForm(ada).getByLabel('Description')).toHaveValue('Dawn shots, 24 fps.')

  // Keep mine saves Eddie's over the admin's, now seen: from the version the refusal named.
  await notice.getByRole('button', { name: 'Keep mine' }).click()
  await expect(describeForm(eddie)).toHaveCount(0)
  await expect(eddie.getByTestId('workflow-description')).toContainText('Dusk shots for the trailer.')
  expect(await callApi(webHost, 'workflows:get', { id: workflow.id })).toMatchObject({
    workflow: { description: 'Dusk shots for the trailer.' },
    versions: { description: { version: 2, changedBy: 'Eddie' } },
  })

  // The admin's form, opened before Eddie's save, is refused in turn: Take theirs leaves Eddie's, and the page shows it.
  await describeForm(ada).getByLabel('Description').fill('Dawn shots, 25 fps.')
  await describeForm(ada).getByRole('button', { name: 'Save description' }).click()
  const adaNotice = describeForm(ada).getByRole('alert')
  await expect(adaNotice).toContainText(/Eddie changed this description/)
  await adaNotice.getByRole('button', { name: 'Take theirs' }).click()
  await expect(describeForm(ada)).toHaveCount(0)
  await expect(ada.getByTestId('workflow-description')).toContainText('Dusk shots for the trailer.')
  expect(await callApi(webHost, 'workflows:get', { id: workflow.id })).toMatchObject({
    versions: { description: { version: 2, changedBy: 'Eddie' } },
  })
})
