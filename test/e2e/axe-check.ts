import axe from 'axe-core'
import type { Result } from 'axe-core'
import type { Page } from '@playwright/test'
import { expect } from './web-host-fixture'

// What blocks or seriously hinders someone on a screen reader or keyboard; minor and moderate findings are
// left to review rather than failing a page test.
const FAILING = new Set(['serious', 'critical'])

/**
 * Runs axe on the page as it is now and fails on any serious or critical violation, listing each
 * rule with the elements it found (`where` names the screen in the message).
 *
 * axe is run in the page itself, injected once per document: @axe-core/playwright's builder injected it again on
 * every call and ran the result through a second, blank page, 2.6 s a check where this takes 0.3 s (51 checks in
 * the suite). The app has no frames, which the builder's extra page was for.
 */
export async function expectNoSeriousAxeViolations(page: Page, where: string): Promise<void> {
  const injected = await page.evaluate(() => 'axe' in window)
  if (!injected) await page.evaluate(axe.source)
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  )
  const failing = results.violations.filter((violation) => FAILING.has(violation.impact ?? ''))
  expect(failing.map(violationText).join('\n\n'), `axe on ${where}`).toBe('')
}

function violationText(violation: Result): string {
  const nodes = violation.nodes
    .slice(0, 8)
    .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`)
  const more = violation.nodes.length > 8 ? [`    … and ${violation.nodes.length - 8} more`] : []
  return [`[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`, ...nodes, ...more].join(
    '\n',
  )
}
