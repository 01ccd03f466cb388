import { expectNoSeriousAxeViolations } from './axe-check'
import { expect, test } from './web-host-fixture'

// The check every page's spec relies on: it must find a serious violation, also after a reload drops the axe it
// injected, and list it by rule.
test('the axe check fails on a button without a name, and passes the page again after a reload', async ({
  page,
  webHost,
}) => {
  const heading = page.getByRole('heading', { name: 'Library', level: 1 })
  await page.goto(webHost.url)
  await expect(heading).toBeVisible()
  await expectNoSeriousAxeViolations(page, 'the empty library')
  await page.evaluate(() => document.querySelector('main')!.append(document.createElement('button')))
  await expect(expectNoSeriousAxeViolations(page, 'a nameless button')).rejects.toThrow(
    /axe on a nameless button[\s\S]*\[critical\] button-name/,
  )
  await page.reload()
  await expect(heading).toBeVisible()
  await expectNoSeriousAxeViolations(page, 'the reloaded library')
})
