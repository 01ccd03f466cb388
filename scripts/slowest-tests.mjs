// The slowest tests of an `npm test` run, from vitest's and Playwright's JSON reports: where to
// look first when the suite gets slow.

/**
 * @typedef {{ seconds: number, suite: string, file: string, name: string }} TimedTest
 * @typedef {{ name: string, assertionResults: Array<{ ancestorTitles: string[], title: string, duration?: number | null }> }} VitestFile
 * @typedef {{ title: string, file?: string, specs?: PlaywrightSpec[], suites?: PlaywrightSuite[] }} PlaywrightSuite
 * @typedef {{ title: string, file: string, tests: Array<{ results: Array<{ duration: number }> }> }} PlaywrightSpec
 */

/**
 * Every test of both reports with its time (a retried e2e test counts all its tries), slowest first.
 * @param {{ vitest?: { testResults: VitestFile[] }, e2e?: { config?: { rootDir?: string }, suites: PlaywrightSuite[] }, root: string }} reports
 * @returns {TimedTest[]}
 */
export function timedTests({ vitest, e2e, root }) {
  /** @type {TimedTest[]} */
  const tests = []
  const relative = (/** @type {string} */ file) => (file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file)
  for (const file of vitest?.testResults ?? []) {
    const name = relative(file.name)
    const suite = /^test\/([^/]+)\//.exec(name)?.[1] ?? 'vitest'
    for (const test of file.assertionResults) {
      const title = [...test.ancestorTitles, test.title].join(' > ')
      tests.push({ seconds: (test.duration ?? 0) / 1000, suite, file: name, name: title })
    }
  }
  const e2eDir = relative(e2e?.config?.rootDir ?? 'test/e2e')
  /** @param {PlaywrightSuite} suite @param {string[]} titles */
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      const ms = spec.tests.flatMap((test) => test.results).reduce((sum, result) => sum + result.duration, 0)
      const name = [...titles, spec.title].join(' > ')
      tests.push({ seconds: ms / 1000, suite: 'e2e', file: `${e2eDir}/${spec.file}`, name })
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title])
  }
  // A top-level suite is the file itself; its title is the file name, not a describe block.
  for (const file of e2e?.suites ?? []) walk(file, [])
  return tests.sort((a, b) => b.seconds - a.seconds)
}

/**
 * The `count` slowest tests as lines `12.3 s  suite  file > test name`.
 * @param {Parameters<typeof timedTests>[0]} reports
 * @param {number} count
 */
export function slowestTestLines(reports, count) {
  const slowest = timedTests(reports).slice(0, count)
  const width = Math.max(0, ...slowest.map((test) => test.suite.length))
  return slowest.map(
    (test) => `${test.seconds.toFixed(1).padStart(5)} s  ${test.suite.padEnd(width)}  ${test.file} > ${test.name}`,
  )
}
