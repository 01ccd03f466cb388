// `npm test`: every check CI runs, then the ten slowest tests, the tests that failed, and one line "N passed, N failed"
// over all of them. lint, typecheck, build and the gates (Electron security, packaging) count as
// one check each; the suites count their tests.
//
// The gates do not depend on each other (but packaging on build) and each keeps about one core
// busy, so they run side by side, as many at once as there are cores (at least two); each one's
// output is printed whole, in order, once it has ended. The suites then run one after the other
// with their output as it comes: each spreads its own files over the cores.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { failedTestLines, slowestTestLines } from './test-reports.mjs'
import { ensureSystemPackages } from './system-packages.mjs'

const VITEST_REPORT = 'test-results/vitest-report.json'
const E2E_REPORT = 'test-results/e2e-report.json'
const bin = (name) => `node_modules/.bin/${name}`

const gates = [
  { name: 'lint', command: [bin('eslint'), '.', '--max-warnings', '0'] },
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  // Electronegativity on main/ and preload/: any HIGH, or a MEDIUM not in scripts/electronegativity-allow.json, fails.
  { name: 'electron security', command: [bin('tsx'), 'scripts/check-electron-security.ts'] },
  { name: 'build', command: [bin('electron-vite'), 'build', '--logLevel', 'warn'] },
  // Packs the build with electron-builder around a stand-in Electron and checks the result.
  { name: 'packaging', needs: 'build', command: [bin('tsx'), 'scripts/check-packaging.ts'] },
]
const suites = [
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

// Before anything slow: without Chromium or Tesseract every e2e or text-stage test would fail, minutes from now.
ensureSystemPackages()
// A suite that is not run must not list the tests of an earlier run among the slowest.
for (const suite of suites) rmSync(suite.report, { force: true })

await runGates(gates, Math.max(2, availableParallelism()))
for (const step of suites) {
  if (blocked(step)) continue
  console.log(`\n== ${step.name}`)
  const started = performance.now()
  const cpuBefore = childCpuSeconds()
  const [command, ...args] = step.command
  const { status } = spawnSync(command, args, { stdio: 'inherit' })
  const result = counts(step, status)
  record(step, result)
  console.log(`-- ${step.name}: ${result.failed > 0 ? 'failed' : 'passed'}${took(started, cpuBefore)}`)
}

const reports = { vitest: readReport(VITEST_REPORT), e2e: readReport(E2E_REPORT), root: process.cwd() }
const slowest = slowestTestLines(reports, 10)
if (slowest.length > 0) console.log(`\nSlowest tests:\n${slowest.join('\n')}`)
// Last before the summary, where a CI log's tail still shows them.
const failedTests = failedTestLines(reports)
if (failedTests.length > 0) console.log(`\nFailed tests:\n${failedTests.join('\n')}`)
console.log(failedSteps.size ? `\nFailed: ${[...failedSteps].join(', ')}` : '\nAll checks passed.')
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`)
process.exit(total.failed > 0 ? 1 : 0)

/** Runs the gates `slots` at a time (a step waits for the one it needs); prints each one's output in list order. */
async function runGates(steps, slots) {
  console.log(`\n== ${steps.map((step) => step.name).join(', ')} (${slots} at a time)`)
  const started = performance.now()
  const ended = new Map()
  const running = new Set()
  const waiting = [...steps]
  let printed = 0
  while (printed < steps.length) {
    for (const step of [...waiting]) {
      if (running.size >= slots) break
      if (step.needs && !ended.has(step.needs)) continue
      waiting.splice(waiting.indexOf(step), 1)
      const run = runGate(step).then((outcome) => {
        ended.set(step.name, outcome)
        running.delete(run)
      })
      running.add(run)
    }
    if (running.size > 0) await Promise.race(running)
    for (; printed < steps.length && ended.has(steps[printed].name); printed++) {
      const { output, summary } = ended.get(steps[printed].name)
      console.log(`\n== ${steps[printed].name}`)
      if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`)
      console.log(summary)
    }
  }
  console.log(`-- ${steps.length} gates ended${took(started)}`)
}

/** Runs one gate with its output captured (stdout and stderr as they interleave) and records its result. */
async function runGate(step) {
  if (step.needs && failedSteps.has(step.needs)) {
    record(step, { passed: 0, failed: 1, skipped: 0 })
    return { output: '', summary: `-- ${step.name}: not run, ${step.needs} failed` }
  }
  const started = performance.now()
  const [command, ...args] = step.command
  const { status, output } = await new Promise((resolve) => {
    let text = ''
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.setEncoding('utf8').on('data', (chunk) => (text += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (text += chunk))
    child.once('error', (error) => (text += `${error.message}\n`))
    child.once('close', (code) => resolve({ status: code ?? 1, output: text }))
  })
  const result = counts(step, status)
  record(step, result)
  // No CPU time here: with several children running at once, their reaped totals cannot be told apart.
  return { output, summary: `-- ${step.name}: ${result.failed > 0 ? 'failed' : 'passed'}${took(started)}` }
}

/** A suite whose prerequisite failed counts as one failure and is not run. */
function blocked(step) {
  if (!step.needs || !failedSteps.has(step.needs)) return false
  console.log(`\n== ${step.name}: not run, ${step.needs} failed`)
  record(step, { passed: 0, failed: 1, skipped: 0 })
  return true
}

function counts(step, status) {
  if (!step.report) return status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 }
  const report = readReport(step.report)
  const result = report ? step.count(report) : undefined
  // A suite that crashed, or failed with no failing test (no tests found, an error outside tests), fails once.
  if (!result || (status !== 0 && result.failed === 0)) return { ...(result ?? { passed: 0, skipped: 0 }), failed: 1 }
  return result
}

function record(step, { passed, failed, skipped }) {
  total.passed += passed
  total.failed += failed
  total.skipped += skipped
  if (failed > 0) failedSteps.add(step.name)
}

function readReport(file) {
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** " in 12.3 s" (and ", CPU 20.1 s" when `cpuBefore` was measured): how long a step took. */
function took(started, cpuBefore) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const cpuAfter = cpuBefore === undefined ? undefined : childCpuSeconds()
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? '' : `, CPU ${(cpuAfter - cpuBefore).toFixed(1)} s`
  return ` in ${seconds} s${cpu}`
}

/** User + system CPU seconds of this process's ended children (Linux; undefined elsewhere). */
function childCpuSeconds() {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces; cutime and cstime are fields 16 and 17.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(fields[13]) + Number(fields[14])) / 100
  } catch {
    return undefined
  }
}
