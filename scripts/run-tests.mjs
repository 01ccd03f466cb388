// `npm test`: every check CI runs, in order, then the ten slowest tests and one line
// "N passed, N failed" over all of them. lint, typecheck, build and the gates (Electron
// security, packaging) count as one check each; the suites count their tests.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { ensureBrowser } from './browser-check.mjs'
import { slowestTestLines } from './slowest-tests.mjs'

const VITEST_REPORT = 'test-results/vitest-report.json'
const E2E_REPORT = 'test-results/e2e-report.json'
const bin = (name) => `node_modules/.bin/${name}`

const steps = [
  { name: 'lint', command: [bin('eslint'), '.', '--max-warnings', '0'] },
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  // Electronegativity on main/ and preload/: any HIGH, or a MEDIUM not in scripts/electronegativity-allow.json, fails.
  { name: 'electron security', command: [bin('tsx'), 'scripts/check-electron-security.ts'] },
  { name: 'build', command: [bin('electron-vite'), 'build', '--logLevel', 'warn'] },
  // Packs the build with electron-builder around a stand-in Electron and checks the result.
  { name: 'packaging', needs: 'build', command: [bin('tsx'), 'scripts/check-packaging.ts'] },
  {
    name: 'unit + integration',
    command: [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`],
    report: VITEST_REPORT,
    count: (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests }),
  },
  {
    name: 'e2e',
    needs: 'build',
    command: [bin('playwright'), 'test'],
    report: E2E_REPORT,
    count: (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped }),
  },
]

const total = { passed: 0, failed: 0, skipped: 0 }
const failedSteps = new Set()

// Before anything slow: without the browser every e2e test would fail, minutes from now.
ensureBrowser()
// A suite that is not run must not list the tests of an earlier run among the slowest.
for (const step of steps) if (step.report) rmSync(step.report, { force: true })

for (const step of steps) {
  if (step.needs && failedSteps.has(step.needs)) {
    console.log(`\n== ${step.name}: not run, ${step.needs} failed`)
    record(step, { passed: 0, failed: 1, skipped: 0 })
    continue
  }
  console.log(`\n== ${step.name}`)
  const [command, ...args] = step.command
  const { status } = spawnSync(command, args, { stdio: 'inherit' })
  record(step, counts(step, status))
}

function counts(step, status) {
  if (!step.report) return status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 }
  const report = readReport(step.report)
  const result = report ? step.count(report) : undefined
  // A suite that crashed, or failed with no failing test (no tests found, an error outside tests), fails once.
  if (!result || (status !== 0 && result.failed === 0)) return { ...(result ?? { passed: 0, skipped: 0 }), failed: 1 }
  return result
}

function readReport(file) {
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

function record(step, { passed, failed, skipped }) {
  total.passed += passed
  total.failed += failed
  total.skipped += skipped
  if (failed > 0) failedSteps.add(step.name)
}

const slowest = slowestTestLines(
  { vitest: readReport(VITEST_REPORT), e2e: readReport(E2E_REPORT), root: process.cwd() },
  10,
)
if (slowest.length > 0) console.log(`\nSlowest tests:\n${slowest.join('\n')}`)
console.log(failedSteps.size ? `\nFailed: ${[...failedSteps].join(', ')}` : '\nAll checks passed.')
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`)
process.exit(total.failed > 0 ? 1 : 0)
