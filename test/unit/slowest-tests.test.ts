import { describe, expect, it } from 'vitest'
import { slowestTestLines } from '../../scripts/slowest-tests.mjs'

describe("npm test's slowest tests", () => {
  const vitest = {
    testResults: [
      {
        name: '/repo/test/unit/a.test.ts',
        assertionResults: [
          { ancestorTitles: ['group'], title: 'quick', duration: 12 },
          { ancestorTitles: [], title: 'skipped', duration: null },
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
          { title: 'retried', file: 'c.spec.ts', tests: [{ results: [{ duration: 2000 }, { duration: 1500 }] }] },
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
      ' 12.3 s  integration  test/integration/b.test.ts > outer > inner > slow',
      '  3.5 s  e2e          test/e2e/c.spec.ts > retried',
      '  0.8 s  e2e          test/e2e/c.spec.ts > described > nested',
      '  0.0 s  unit         test/unit/a.test.ts > group > quick',
      '  0.0 s  unit         test/unit/a.test.ts > skipped',
    ])
  })

  it('keeps the count asked for, and copes with a missing report', () => {
    expect(slowestTestLines({ vitest, e2e, root: '/repo' }, 2)).toHaveLength(2)
    expect(slowestTestLines({ vitest: undefined, e2e, root: '/repo' }, 10)).toHaveLength(2)
    expect(slowestTestLines({ root: '/repo' }, 10)).toEqual([])
  })
})
