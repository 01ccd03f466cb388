import { describe, expect, it } from 'vitest'
import { failedTestLines, slowestTestLines } from '../../scripts/test-reports.mjs'

describe("npm test's slowest and failed tests", () => {
  const vitest = {
    testResults: [
      {
        name: '/repo/test/unit/a.test.ts',
        assertionResults: [
          { ancestorTitles: ['group'], title: 'quick', duration: 12 },
          { ancestorTitles: [], title: 'skipped', duration: null },
          {
            ancestorTitles: ['group'],
            title: 'broken',
            duration: 5,
            status: 'failed',
            failureMessages: ['\n\u001b[31mAssertionError: expected 2 to be 3\u001b[39m\n    at a.test.ts:9:3'],
          },
          {
            ancestorTitles: ['group'],
            title: 'too slow',
            duration: 30_000,
            status: 'failed',
            failureMessages: ['Error: STACK_TRACE_ERROR\n    at a.test.ts:12:3'],
          },
        ],
      },
      {
        name: '/repo/test/integration/b.test.ts',
        assertionResults: [{ ancestorTitles: ['outer', 'inner'], title: 'slow', duration: 12_345 }],
      },
    ],
  }
  const e2e = {
    config: { rootDir: '/repo/test/e2e' },
    suites: [
      {
        title: 'c.spec.ts',
        specs: [
          {
            title: 'retried',
            file: 'c.spec.ts',
            tests: [
              { status: 'flaky', results: [{ duration: 2000, error: { message: 'first try' } }, { duration: 1500 }] },
            ],
          },
          {
            title: 'timed out',
            file: 'c.spec.ts',
            tests: [
              {
                status: 'unexpected',
                results: [
                  { duration: 30, error: { message: 'once' } },
                  { duration: 30, error: { message: 'Test timeout of 30000ms exceeded.' } },
                ],
              },
            ],
          },
        ],
        suites: [
          {
            title: 'described',
            specs: [{ title: 'nested', file: 'c.spec.ts', tests: [{ results: [{ duration: 800 }] }] }],
          },
        ],
      },
    ],
  }

  it('lists both reports slowest first as "seconds  suite  file > test", retries added up', () => {
    expect(slowestTestLines({ vitest, e2e, root: '/repo' }, 10)).toEqual([
      ' 30.0 s  unit         test/unit/a.test.ts > group > too slow',
      ' 12.3 s  integration  test/integration/b.test.ts > outer > inner > slow',
      '  3.5 s  e2e          test/e2e/c.spec.ts > retried',
      '  0.8 s  e2e          test/e2e/c.spec.ts > described > nested',
      '  0.1 s  e2e          test/e2e/c.spec.ts > timed out',
      '  0.0 s  unit         test/unit/a.test.ts > group > quick',
      '  0.0 s  unit         test/unit/a.test.ts > group > broken',
      '  0.0 s  unit         test/unit/a.test.ts > skipped',
    ])
  })

  it('lists the failed tests with the first line of their last error; a flaky one passed, so it is not there', () => {
    expect(failedTestLines({ vitest, e2e, root: '/repo' })).toEqual([
      'e2e  test/e2e/c.spec.ts > timed out: Test timeout of 30000ms exceeded.',
      "unit  test/unit/a.test.ts > group > too slow: timed out (past vitest's testTimeout or hookTimeout)",
      'unit  test/unit/a.test.ts > group > broken: AssertionError: expected 2 to be 3',
    ])
    expect(failedTestLines({ root: '/repo' })).toEqual([])
  })

  it('keeps the count asked for, and copes with a missing report', () => {
    expect(slowestTestLines({ vitest, e2e, root: '/repo' }, 2)).toHaveLength(2)
    expect(slowestTestLines({ vitest: undefined, e2e, root: '/repo' }, 10)).toHaveLength(3)
    expect(slowestTestLines({ root: '/repo' }, 10)).toEqual([])
  })
})
