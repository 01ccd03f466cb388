// The e2e tests' browser, checked by `npm test` before any slow step: a missing browser must cost
// one line at once, not a failure per e2e test after ten minutes.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'

/** Where Debian's chromium package puts the browser; playwright.config.ts uses it unless CHROMIUM_PATH is set. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/**
 * @typedef {{ action: 'use', path: string }
 *   | { action: 'install', path: string, message: string }
 *   | { action: 'stop', message: string }} BrowserPlan
 */

/**
 * What `npm test` does about Chromium: use it, install it first (root with apt-get, as .ci/run
 * does), or stop with one line naming what to run. A CHROMIUM_PATH that names no browser is the
 * user's choice of browser, so it stops rather than installing another.
 * @param {{ chromiumPath?: string, found: (file: string) => boolean, root: boolean, aptGet: boolean }} machine
 * @returns {BrowserPlan}
 */
export function browserPlan({ chromiumPath, found, root, aptGet }) {
  if (chromiumPath) {
    if (found(chromiumPath)) return { action: 'use', path: chromiumPath }
    return {
      action: 'stop',
      message: `Chromium not found at CHROMIUM_PATH=${chromiumPath}: point CHROMIUM_PATH at Chromium's executable (or unset it to use ${DEFAULT_CHROMIUM}), then npm test again.`,
    }
  }
  if (found(DEFAULT_CHROMIUM)) return { action: 'use', path: DEFAULT_CHROMIUM }
  if (root && aptGet) {
    return {
      action: 'install',
      path: DEFAULT_CHROMIUM,
      message: `Chromium not found at ${DEFAULT_CHROMIUM}: installing Debian's chromium with apt-get (as .ci/run does).`,
    }
  }
  const how = aptGet ? 'run "sudo apt-get install chromium"' : 'install Chromium'
  return {
    action: 'stop',
    message: `Chromium not found at ${DEFAULT_CHROMIUM}: ${how} (or set CHROMIUM_PATH), then npm test again.`,
  }
}

/** Makes sure the browser is there (installing it when the plan says so), or exits with one line. */
export function ensureBrowser() {
  const plan = browserPlan({
    chromiumPath: process.env.CHROMIUM_PATH,
    found: isExecutableFile,
    root: process.getuid?.() === 0,
    aptGet: onPath('apt-get'),
  })
  if (plan.action === 'stop') stop(plan.message)
  if (plan.action !== 'install') return
  console.log(plan.message)
  /** @param {string[]} args */
  const aptGet = (args) =>
    spawnSync('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'ignore', 'inherit'],
    }).status === 0
  const installed = aptGet(['update', '-qq']) && aptGet(['install', '-y', '-qq', 'chromium'])
  if (!installed || !isExecutableFile(plan.path)) {
    stop(
      `Installing chromium with apt-get failed: run "apt-get install chromium" (or set CHROMIUM_PATH), then npm test again.`,
    )
  }
}

/** @param {string} message @returns {never} */
function stop(message) {
  console.error(message)
  process.exit(1)
}

/** @param {string} file */
function isExecutableFile(file) {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** @param {string} command */
function onPath(command) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && isExecutableFile(path.join(dir, command)))
}
