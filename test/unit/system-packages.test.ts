import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { packagesPlan } from '../../scripts/system-packages.mjs'
import { tempDir } from '../helpers/temp-dir'

const CHROMIUM = '/usr/bin/chromium'
const FONT = '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'
const LATIN = '/usr/share/tesseract-ocr/5/tessdata/Latin.traineddata'
const SWIFT = ['proxy', 'account', 'container', 'object'].map((server) => `/usr/bin/swift-${server}-server`)
const EVERYTHING = [CHROMIUM, 'tesseract', LATIN, FONT, ...SWIFT]

/** A machine where exactly `present` are found (paths, or command names on PATH). */
const machine = (present: string[], { root = true, aptGet = true, env = {} as Record<string, string> } = {}) => ({
  env,
  found: (where: string) => present.includes(where),
  root,
  aptGet,
})
const without = (...gone: string[]) => EVERYTHING.filter((where) => !gone.includes(where))

describe("npm test's system packages check", () => {
  it('uses what is there: the defaults, or what CHROMIUM_PATH and FRAMEVAULT_TESSERACT name', () => {
    expect(packagesPlan(machine(EVERYTHING, { root: false, aptGet: false }))).toEqual({ action: 'use' })
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome', FRAMEVAULT_TESSERACT: '/opt/ocr/tesseract' }
    expect(packagesPlan(machine(['/opt/chrome/chrome', '/opt/ocr/tesseract', LATIN, FONT, ...SWIFT], { env }))).toEqual(
      {
        action: 'use',
      },
    )
    // Empty counts as unset.
    const empty = { CHROMIUM_PATH: '', FRAMEVAULT_TESSERACT: '' }
    expect(packagesPlan(machine(EVERYTHING, { env: empty }))).toEqual({ action: 'use' })
  })

  it('stops when a variable names nothing, and never installs the package in its place', () => {
    const env = { CHROMIUM_PATH: '/nonexistent', FRAMEVAULT_TESSERACT: '/opt/none/tesseract' }
    expect(packagesPlan(machine([LATIN, FONT, ...SWIFT], { env }))).toEqual({
      action: 'stop',
      message:
        "Chromium not found at CHROMIUM_PATH=/nonexistent: point CHROMIUM_PATH at Chromium's executable (or unset it to use /usr/bin/chromium); " +
        "Tesseract not found at FRAMEVAULT_TESSERACT=/opt/none/tesseract: point FRAMEVAULT_TESSERACT at Tesseract's executable (or unset it to use tesseract on PATH), then npm test again.",
    })
  })

  it('installs what is missing as root with apt-get, in one call', () => {
    expect(packagesPlan(machine([LATIN, FONT, ...SWIFT]))).toEqual({
      action: 'install',
      packages: ['chromium', 'tesseract-ocr'],
      message:
        "Chromium at /usr/bin/chromium, Tesseract (tesseract on PATH) not found: installing Debian's chromium, tesseract-ocr with apt-get (as .ci/run does).",
    })
    expect(packagesPlan(machine(without('tesseract')))).toMatchObject({
      action: 'install',
      packages: ['tesseract-ocr'],
    })
    // The text stage's accents read with Tesseract's Latin-script data (its default lang).
    expect(packagesPlan(machine(without(LATIN)))).toMatchObject({
      action: 'install',
      packages: ['tesseract-ocr-script-latn'],
    })
    expect(packagesPlan(machine(without(FONT)))).toEqual({
      action: 'install',
      packages: ['fonts-liberation'],
      message: `Liberation Sans Bold at ${FONT} not found: installing Debian's fonts-liberation with apt-get (as .ci/run does).`,
    })
  })

  it('stops with the command to run when it may not install: not root, or no apt-get', () => {
    expect(packagesPlan(machine([], { root: false }))).toEqual({
      action: 'stop',
      message:
        `Chromium at /usr/bin/chromium, Tesseract (tesseract on PATH), Tesseract's Latin script at ${LATIN}, ` +
        `Liberation Sans Bold at ${FONT}, ` +
        'Swift proxy at /usr/bin/swift-proxy-server, Swift account server at /usr/bin/swift-account-server, ' +
        'Swift container server at /usr/bin/swift-container-server, Swift object server at /usr/bin/swift-object-server not found: ' +
        'run "sudo apt-get install chromium tesseract-ocr tesseract-ocr-script-latn fonts-liberation swift-proxy swift-account swift-container swift-object" ' +
        '(or set CHROMIUM_PATH or FRAMEVAULT_TESSERACT), then npm test again.',
    })
    expect(packagesPlan(machine(without('tesseract'), { aptGet: false }))).toEqual({
      action: 'stop',
      message:
        'Tesseract (tesseract on PATH) not found: install Tesseract (or set FRAMEVAULT_TESSERACT), then npm test again.',
    })
    expect(packagesPlan(machine(without(FONT), { root: false }))).toEqual({
      action: 'stop',
      message: `Liberation Sans Bold at ${FONT} not found: run "sudo apt-get install fonts-liberation", then npm test again.`,
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
