import type { Page } from '@playwright/test'
import type { ImportJob } from '../../shared/contract'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { openImports } from './import-helpers'
import { callApi } from './web-api'
import { expect, test } from './web-host-fixture'

const fixtures = fixturePaths()
const SCREENS = 'test-results/screens'

test.use({ hostKind: 'hub' })

/** Imports `file` through the page's file picker and waits until its own import is done and the panel folded. */
async function importThrough(page: Page, file: string): Promise<void> {
  await page.getByTestId('file-picker').setInputFiles([file])
  await expect(page.getByTestId('import-summary')).toHaveText('done 1', { timeout: 30_000 })
  await expect(page.getByTestId('import-panel-toggle')).toHaveAttribute('aria-expanded', 'false', { timeout: 10_000 })
}

// Issue 64 point 7: on a hub each person's import panel shows their own imports; everyone's name whose each one is.
test('each person’s import panel lists their own imports; “Everyone’s imports” lists all, naming whose', async ({
  webHost,
  browser,
}) => {
  // Two people, two imports on a hub (each with its posters), the axe check: 20–30 s beside other specs.
  test.setTimeout(90_000)
  const admin = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  await admin.goto(webHost.url)
  await expect(admin.getByTestId('signed-in')).toHaveText(/admin\s*admin/)
  const { token } = await callApi<{ token: string }>(webHost, 'people:add', { name: 'Eddie', role: 'editor' })
  const editor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage()
  await editor.goto(`${webHost.origin}/?token=${token}`)
  await expect(editor.getByTestId('signed-in')).toHaveText(/Eddie\s*editor/)

  await importThrough(admin, fixtures.mp4)
  await importThrough(editor, fixtures.jpg)
  await expect(admin.getByTestId('result-count')).toHaveText('2 assets')
  const { jobs } = await callApi<{ jobs: ImportJob[] }>(webHost, 'import:list', {})
  const idOf = (person: string) => jobs.find((job) => job.requestedBy === person)!.id
  expect(jobs.map((job) => job.requestedBy)).toEqual(['Eddie', 'admin'])

  // By default each sees their own import alone, unnamed; the other's was heard (its events) but is not listed.
  for (const [page, own] of [
    [admin, 'admin'],
    [editor, 'Eddie'],
  ] as const) {
    await openImports(page)
    const cards = page.getByTestId('import-job')
    await expect(cards).toHaveCount(1)
    await expect(cards).toHaveAttribute('data-job-id', idOf(own))
    await expect(page.getByTestId('import-owner')).toHaveCount(0)
    await expect(page.getByTestId('import-summary')).toHaveText('done 1')
  }

  // "Everyone's imports" lists both, newest first, each naming whose it is.
  for (const [page, names, width] of [
    [admin, ["Eddie's import", 'Your import'], 1440],
    [editor, ['Your import', "admin's import"], 390],
  ] as const) {
    const everyone = page.getByLabel("Everyone's imports")
    await expect(everyone).not.toBeChecked()
    await everyone.check()
    const cards = page.getByTestId('import-job')
    await expect(cards).toHaveCount(2)
    expect(await cards.evaluateAll((all) => all.map((card) => card.getAttribute('data-job-id')))).toEqual([
      idOf('Eddie'),
      idOf('admin'),
    ])
    await expect(page.getByTestId('import-owner')).toHaveText([...names])
    await expect(page.getByTestId('import-summary')).toHaveText('done 2')
    await page.screenshot({ path: `${SCREENS}/hub-imports-everyone-${width}.png`, animations: 'disabled' })
  }
  await expectNoSeriousAxeViolations(editor, 'everyone’s imports on a hub at 390 px')

  // Unticked, the admin's own again; a reload starts from one's own too.
  await admin.getByLabel("Everyone's imports").uncheck()
  await expect(admin.getByTestId('import-job')).toHaveCount(1)
  await editor.reload()
  await openImports(editor)
  await expect(editor.getByTestId('import-job')).toHaveAttribute('data-job-id', idOf('Eddie'))
  await editor.screenshot({ path: `${SCREENS}/hub-imports-own-390.png`, animations: 'disabled' })
  await admin.screenshot({ path: `${SCREENS}/hub-imports-own-1440.png`, animations: 'disabled' })
})
