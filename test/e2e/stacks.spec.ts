import type { Page } from '@playwright/test'
import { fixturePaths } from '../fixtures/make-fixtures'
import { expectNoSeriousAxeViolations } from './axe-check'
import { listAssets } from './web-api'
import { expect, test } from './web-host-fixture'

const SCREENS = 'test-results/screens'
const fixtures = fixturePaths()
const CLIP = 'AnimateDiff_00002-audio.mp4'
const PNG = 'AnimateDiff_00002.png'

const count = (page: Page) => page.getByTestId('result-count')
const cards = (page: Page) => page.getByTestId('media-card')
const badge = (page: Page) => page.getByTestId('stack-badge')

test('a clip, its sidecar PNG and its proxy stand as one card with "+2" that opens to them', async ({
  page,
  webHost,
}) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(webHost.url)
  // A VideoHelperSuite save chosen together: the video and the PNG holding its prompt.
  await page.getByTestId('file-picker').setInputFiles([fixtures.genVhsSidecarMp4, fixtures.genVhsSidecarPng])
  await expect.poll(async () => (await listAssets(webHost)).length, { timeout: 30_000 }).toBe(2)
  await expect(count(page)).toHaveText('1 asset')
  await expect(cards(page)).toHaveCount(1)
  await expect(badge(page)).toHaveText('+1')

  // A proxy made from the clip's page joins its stack.
  await cards(page).dblclick()
  const processing = page.getByRole('region', { name: 'Processing', exact: true })
  const form = processing.getByRole('form', { name: 'Process' })
  // The lineage loaded first, as the other processing specs wait for it: "Loading…" giving way to it moves the form.
  await expect(processing).toContainText('No processing yet')
  await form.getByLabel('Action').selectOption('proxy')
  await form.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(processing.getByRole('status')).toHaveText(/^Done\. Open the output$/, { timeout: 60_000 })
  const stack = page.getByRole('region', { name: 'Stack', exact: true })
  await expect(stack.getByRole('list', { name: 'Stacked under this asset' }).getByRole('listitem')).toHaveCount(2)
  await page.getByRole('button', { name: '← Back' }).click()

  await expect(count(page)).toHaveText('1 asset')
  await expect(cards(page)).toHaveCount(1)
  await expect(cards(page)).toContainText(CLIP)
  await expect(badge(page)).toHaveText('+2')
  // The double click that opened the clip selected it: start from no selection.
  await page.getByRole('button', { name: 'Clear', exact: true }).click()
  await expect(cards(page)).toHaveAttribute('aria-selected', 'false')
  await page.screenshot({ path: `${SCREENS}/stacks-library-1440.png` })
  await expectNoSeriousAxeViolations(page, 'library with a stack')

  // The badge lists the two files under the card, each with why it is there; a click on it selects nothing.
  await badge(page).click()
  const dialog = page.getByRole('dialog', { name: `Stack of ${CLIP}` })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused()
  const members = dialog.getByRole('list', { name: `Stacked under ${CLIP}` }).getByRole('listitem')
  await expect(members).toHaveCount(2)
  await expect(members.nth(0)).toContainText('Proxy')
  await expect(members.nth(1)).toContainText(PNG)
  await expect(members.nth(1)).toContainText('Sidecar PNG')
  await expect(cards(page)).toHaveAttribute('aria-selected', 'false')
  await page.screenshot({ path: `${SCREENS}/stacks-dialog-1440.png` })
  await expectNoSeriousAxeViolations(page, 'stack dialog')

  // A member's page says whose stack it is in, and leads back to it.
  await members.nth(1).getByRole('link', { name: PNG }).click()
  await expect(page.getByRole('heading', { name: PNG, level: 1 })).toBeVisible()
  const memberStack = page.getByRole('region', { name: 'Stack', exact: true })
  await expect(memberStack.getByTestId('stack-of')).toHaveText(`In the stack of ${CLIP}, as its sidecar PNG.`)
  await memberStack.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/stacks-member-1440.png` })
  await expectNoSeriousAxeViolations(page, 'a stack member’s page')
  await memberStack.getByRole('link', { name: CLIP }).click()
  await expect(page.getByRole('heading', { name: CLIP, level: 1 })).toBeVisible()
  const headStack = page.getByRole('region', { name: 'Stack', exact: true })
  await expect(headStack).toContainText('2 related files stand under')
  await headStack.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/stacks-head-1440.png` })

  // Without stacking every file is a card again, and the choice stays in the address.
  await page.getByRole('button', { name: '← Back' }).click()
  await page.getByRole('checkbox', { name: 'Stack related files' }).uncheck()
  await expect(count(page)).toHaveText('3 assets')
  await expect(cards(page)).toHaveCount(3)
  await expect(badge(page)).toHaveCount(0)
  await expect(page).toHaveURL(/stacks=0/)
  await page.getByRole('checkbox', { name: 'Stack related files' }).check()
  await expect(count(page)).toHaveText('1 asset')

  // The narrow layout: the card with its badge, the dialog, a member's page.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(badge(page)).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/stacks-library-390.png` })
  await expectNoSeriousAxeViolations(page, 'narrow library with a stack')
  await badge(page).click()
  await expect(dialog).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/stacks-dialog-390.png` })
  await expectNoSeriousAxeViolations(page, 'narrow stack dialog')
  await members.nth(1).getByRole('link', { name: PNG }).click()
  await memberStack.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/stacks-member-390.png` })
  await expectNoSeriousAxeViolations(page, 'narrow stack member’s page')
})
