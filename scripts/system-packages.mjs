// The Debian packages the tests need, checked by `npm test` before any slow step: a missing one must
// cost one line at once, not a failure per test after ten minutes.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'

/**
 * What the tests need from the system, as Debian packages. `env` names the variable that may
 * point elsewhere (the app and playwright.config.ts read the same one); `kind` says how to look:
 * an executable file, a command on PATH (or a path), a plain file.
 * @typedef {{ package: string, name: string, kind: 'executable' | 'command' | 'file', where: string, env?: string }} Requirement
 * @type {Requirement[]}
 */
export const REQUIREMENTS = [
  // The e2e tests' browser (playwright.config.ts).
  { package: 'chromium', name: 'Chromium', kind: 'executable', where: '/usr/bin/chromium', env: 'CHROMIUM_PATH' },
  // The pipelines' text stage (main/pipelines/text/frame-text.ts, main/media/media-tools.ts).
  { package: 'tesseract-ocr', name: 'Tesseract', kind: 'command', where: 'tesseract', env: 'FRAMEVAULT_TESSERACT' },
  // The text stage's accents: Tesseract's Latin-script data (its default lang, shared/pipeline-stage-configs.ts).
  {
    package: 'tesseract-ocr-script-latn',
    name: "Tesseract's Latin script",
    kind: 'file',
    where: '/usr/share/tesseract-ocr/5/tessdata/Latin.traineddata',
  },
  // The font of the on-screen word clips (test/fixtures/on-screen-word-clip.ts).
  {
    package: 'fonts-liberation',
    name: 'Liberation Sans Bold',
    kind: 'file',
    where: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  },
  // The S3 object store's tests: an all-in-one OpenStack Swift with its S3 API (test/helpers/s3-service.ts).
  { package: 'swift-proxy', name: 'Swift proxy', kind: 'executable', where: '/usr/bin/swift-proxy-server' },
  {
    package: 'swift-account',
    name: 'Swift account server',
    kind: 'executable',
    where: '/usr/bin/swift-account-server',
  },
  {
    package: 'swift-container',
    name: 'Swift container server',
    kind: 'executable',
    where: '/usr/bin/swift-container-server',
  },
  { package: 'swift-object', name: 'Swift object server', kind: 'executable', where: '/usr/bin/swift-object-server' },
]

/**
 * @typedef {{ action: 'use' }
 *   | { action: 'install', packages: string[], message: string }
 *   | { action: 'stop', message: string }} PackagesPlan
 */

/**
 * What `npm test` does about the system packages: use them, install the missing ones first in one
 * apt-get call (root with apt-get, as .ci/run does), or stop with one line naming what to run. A
 * variable (CHROMIUM_PATH, FRAMEVAULT_TESSERACT) that names nothing is the user's choice, so it
 * stops rather than installing the package in its place; an empty one counts as unset.
 * @param {{ env: Record<string, string | undefined>, found: (where: string, kind: Requirement['kind']) => boolean, root: boolean, aptGet: boolean }} machine
 * @returns {PackagesPlan}
 */
export function packagesPlan({ env, found, root, aptGet }) {
  const wrongChoices = []
  const missing = []
  for (const requirement of REQUIREMENTS) {
    const chosen = requirement.env ? env[requirement.env] : undefined
    if (chosen) {
      if (!found(chosen, requirement.kind)) wrongChoices.push(wrongChoice(requirement, chosen))
    } else if (!found(requirement.where, requirement.kind)) {
      missing.push(requirement)
    }
  }
  if (wrongChoices.length > 0) return { action: 'stop', message: `${wrongChoices.join('; ')}, then npm test again.` }
  if (missing.length === 0) return { action: 'use' }
  const packages = missing.map((requirement) => requirement.package)
  const notFound = `${missing.map(place).join(', ')} not found`
  if (root && aptGet) {
    return {
      action: 'install',
      packages,
      message: `${notFound}: installing Debian's ${packages.join(', ')} with apt-get (as .ci/run does).`,
    }
  }
  const how = aptGet
    ? `run "sudo apt-get install ${packages.join(' ')}"`
    : `install ${missing.map((requirement) => requirement.name).join(', ')}`
  const variables = missing.flatMap((requirement) => (requirement.env ? [requirement.env] : []))
  const orSet = variables.length > 0 ? ` (or set ${variables.join(' or ')})` : ''
  return { action: 'stop', message: `${notFound}: ${how}${orSet}, then npm test again.` }
}

/** @param {Requirement} requirement */
function place({ name, kind, where }) {
  return kind === 'command' ? `${name} (${where} on PATH)` : `${name} at ${where}`
}

/** @param {Requirement} requirement @param {string} chosen */
function wrongChoice({ name, kind, where, env }, chosen) {
  const otherwise = kind === 'command' ? `${where} on PATH` : where
  return `${name} not found at ${env}=${chosen}: point ${env} at ${name}'s executable (or unset it to use ${otherwise})`
}

/** Makes sure the packages are there (installing the missing ones when the plan says so), or exits with one line. */
export function ensureSystemPackages() {
  const machine = {
    env: process.env,
    found: isThere,
    root: process.getuid?.() === 0,
    aptGet: onPath('apt-get'),
  }
  const plan = packagesPlan(machine)
  if (plan.action === 'stop') stop(plan.message)
  if (plan.action !== 'install') return
  console.log(plan.message)
  /** @param {string[]} args */
  const aptGet = (args) =>
    spawnSync('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'ignore', 'inherit'],
    }).status === 0
  const installed = aptGet(['update', '-qq']) && aptGet(['install', '-y', '-qq', ...plan.packages])
  if (!installed || packagesPlan(machine).action !== 'use') {
    const packages = plan.packages.join(' ')
    stop(`Installing ${packages} with apt-get failed: run "apt-get install ${packages}", then npm test again.`)
  }
}

/** @param {string} message @returns {never} */
function stop(message) {
  console.error(message)
  process.exit(1)
}

/** @param {string} where @param {Requirement['kind']} kind */
function isThere(where, kind) {
  if (kind === 'file') return isFile(where, constants.R_OK)
  // A command name is looked up on PATH, as spawn does; a path is taken as it is.
  if (kind === 'command' && !where.includes(path.sep)) return onPath(where)
  return isFile(where, constants.X_OK)
}

/** @param {string} file @param {number} mode */
function isFile(file, mode) {
  try {
    accessSync(file, mode)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** @param {string} command */
function onPath(command) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && isFile(path.join(dir, command), constants.X_OK))
}
