// What `npm test` prints before its last line, from vitest's and Playwright's JSON reports: the tests
// that failed (so a CI log's tail names them) and the slowest ones (where to look first when the
// suite gets slow).

/**
 * @typedef {{ seconds: number, suite: string, file: string, name: string, failure?: string }} TimedTest
 * @typedef {{ ancestorTitles: string[], title: string, duration?: number | null, status?: string, failureMessages?: string[] }} VitestTest
 * @typedef {{ name: string, assertionResults: VitestTest[] }} VitestFile
 * @typedef {{ title: string, file?: string, specs?: PlaywrightSpec[], suites?: PlaywrightSuite[] }} PlaywrightSuite
 * @typedef {{ status?: string, results: Array<{ duration: number, error?: { message?: string } }> }} PlaywrightTest
 * @typedef {{ title: string, file: string, tests: PlaywrightTest[] }} PlaywrightSpec
 */

/**
 * Every test of both reports with its time (a retried e2e test counts all its tries), slowest first;
 * a failed one carries the first line of its last try's error.
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
      const failure = test.status === 'failed' ? firstLine(test.failureMessages?.[0]) : undefined
      tests.push({ seconds: (test.duration ?? 0) / 1000, suite, file: name, name: title, failure })
    }
  }
  const e2eDir = relative(e2e?.config?.rootDir ?? 'test/e2e')
  /** @param {PlaywrightSuite} suite @param {string[]} titles */
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      const ms = spec.tests.flatMap((test) => test.results).reduce((sum, result) => sum + result.duration, 0)
      const name = [...titles, spec.title].join(' > ')
      const failed = spec.tests.find((test) => test.status === 'unexpected')
      const failure = failed ? firstLine(failed.results.findLast((result) => result.error)?.error?.message) : undefined
      tests.push({ seconds: ms / 1000, suite: 'e2e', file: `${e2eDir}/${spec.file}`, name, failure })
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

/**
 * The tests that failed as lines `suite  file > test name: first line of the error`, sorted by file.
 * @param {Parameters<typeof timedTests>[0]} reports
 */
export function failedTestLines(reports) {
  return timedTests(reports)
    .filter((test) => test.failure !== undefined)
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((test) => `${test.suite}  ${test.file} > ${test.name}: ${test.failure}`)
}

/**
 * The first non-empty line of an error message, without terminal colours; "(no message)" when there is none. Vitest
 * reports a test or hook past its timeout by a stack whose first line is its placeholder "Error: STACK_TRACE_ERROR":
 * that reads as the timeout it is.
 */
function firstLine(/** @type {string | undefined} */ message) {
  // eslint-disable-next-line no-control-regex -- the colour codes are control characters.
  const plain = (message ?? '').replace(/\u001b\[[0-9;]*m/g, '')
  const line =
    plain
      .split('\n')
      .find((text) => text.trim() !== '')
      ?.trim() ?? '(no message)'
  return line === 'Error: STACK_TRACE_ERROR' ? "timed out (past vitest's testTimeout or hookTimeout)" : line
}
