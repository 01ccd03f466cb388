import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { browserPlan, DEFAULT_CHROMIUM } from '../../scripts/browser-check.mjs'
import { tempDir } from '../helpers/temp-dir'

const has =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file)

describe("npm test's browser check", () => {
  it('uses the browser CHROMIUM_PATH names when it is there', () => {
    const plan = browserPlan({
      chromiumPath: '/opt/chrome/chrome',
      found: has('/opt/chrome/chrome'),
      root: true,
      aptGet: true,
    })
    expect(plan).toEqual({ action: 'use', path: '/opt/chrome/chrome' })
  })

  it('stops when CHROMIUM_PATH names no browser, and never installs one in its place', () => {
    const plan = browserPlan({ chromiumPath: '/nonexistent', found: has(DEFAULT_CHROMIUM), root: true, aptGet: true })
    expect(plan).toEqual({
      action: 'stop',
      message: `Chromium not found at CHROMIUM_PATH=/nonexistent: point CHROMIUM_PATH at Chromium's executable (or unset it to use /usr/bin/chromium), then npm test again.`,
    })
  })

  it('uses /usr/bin/chromium when CHROMIUM_PATH is unset or empty', () => {
    for (const chromiumPath of [undefined, '']) {
      expect(browserPlan({ chromiumPath, found: has(DEFAULT_CHROMIUM), root: false, aptGet: false })).toEqual({
        action: 'use',
        path: '/usr/bin/chromium',
      })
    }
  })

  it('installs the missing default browser with apt-get when running as root', () => {
    expect(browserPlan({ found: has(), root: true, aptGet: true })).toEqual({
      action: 'install',
      path: '/usr/bin/chromium',
      message: "Chromium not found at /usr/bin/chromium: installing Debian's chromium with apt-get (as .ci/run does).",
    })
  })

  it('stops with the command to run when it may not install: not root, or no apt-get', () => {
    expect(browserPlan({ found: has(), root: false, aptGet: true })).toEqual({
      action: 'stop',
      message:
        'Chromium not found at /usr/bin/chromium: run "sudo apt-get install chromium" (or set CHROMIUM_PATH), then npm test again.',
    })
    expect(browserPlan({ found: has(), root: true, aptGet: false })).toEqual({
      action: 'stop',
      message: 'Chromium not found at /usr/bin/chromium: install Chromium (or set CHROMIUM_PATH), then npm test again.',
    })
  })

  it('makes `npm test` exit non-zero at once with that one line', () => {
    // Run from an empty folder: should the check ever stop stopping, the steps find no tools and
    // fail at once instead of running the whole suite inside this test.
    const started = Date.now()
    const run = spawnSync(process.execPath, [path.resolve('scripts/run-tests.mjs')], {
      cwd: tempDir(),
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      `Chromium not found at CHROMIUM_PATH=/nonexistent: point CHROMIUM_PATH at Chromium's executable (or unset it to use /usr/bin/chromium), then npm test again.\n`,
    )
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
