import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect } from './web-host-fixture'

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number]

// What blocks or seriously hinders someone on a screen reader or keyboard; minor and moderate findings are
// left to review rather than failing a page test.
const FAILING = new Set(['serious', 'critical'])

/**
 * Runs axe on the page as it is now and fails on any serious or critical violation, listing each
 * rule with the elements it found (`where` names the screen in the message).
 */
export async function expectNoSeriousAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const failing = results.violations.filter((violation) => FAILING.has(violation.impact ?? ''))
  expect(failing.map(violationText).join('\n\n'), `axe on ${where}`).toBe('')
}

function violationText(violation: Violation): string {
  const nodes = violation.nodes
    .slice(0, 8)
    .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`)
  const more = violation.nodes.length > 8 ? [`    … and ${violation.nodes.length - 8} more`] : []
  return [`[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`, ...nodes, ...more].join(
    '\n',
  )
}
