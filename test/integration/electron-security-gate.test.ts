import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Runs the real gate script (real Electronegativity, offline) once on a small app written here
// with one mistake per file; `npm test` runs it on main/ and preload/. Each case below reads the
// same run (a run takes ~10 s, mostly Electronegativity's offline lookups timing out).

const guarded = `import { app, BrowserWindow, session } from 'electron'
session.defaultSession.setPermissionRequestHandler((_c, _p, callback) => callback(false))
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})
`
const files = {
  'node-integration.ts': `import { BrowserWindow } from 'electron'
new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: true } })
`,
  'no-isolation.ts': `import { BrowserWindow } from 'electron'
new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: true } })
`,
  'preload.ts': `import { BrowserWindow } from 'electron'
new BrowserWindow({ webPreferences: { preload: 'p.js', contextIsolation: true, sandbox: true } })
`,
  'broken.ts': 'const = ;\n',
  'guards.ts': guarded,
}
const allowList = [
  { check: 'CONTEXT_ISOLATION_JS_CHECK', file: 'main/no-isolation.ts', reason: 'An allow-list cannot waive a HIGH.' },
  { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/preload.ts', reason: 'Was needed once.' },
  { check: 'AUXCLICK_JS_CHECK', file: 'main/preload.ts', reason: 'Reviewed.' },
]

let work: string
let result: { status: number | null; output: string }

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'framevault-gate-test-'))
  const app = path.join(work, 'main')
  mkdirSync(app)
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(app, file), content)
  writeFileSync(path.join(work, 'allow.json'), JSON.stringify(allowList))
  const run = spawnSync(
    path.resolve('node_modules/.bin/tsx'),
    [path.resolve('scripts/check-electron-security.ts'), '--allow', path.join(work, 'allow.json'), app],
    { encoding: 'utf8', timeout: 110_000 },
  )
  result = { status: run.status, output: `${run.stdout}\n${run.stderr}` }
}, 120_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('Electron security gate', () => {
  it('exits non-zero', () => {
    expect(result.status).toBe(1)
    expect(result.output).toMatch(/Electron security gate failed \(Electronegativity, Electron \d+\.\d+\.\d+\)/)
  })

  it('fails on nodeIntegration: true, which Electronegativity itself only rates INFORMATIONAL', () => {
    expect(result.output).toMatch(/INFORMATIONAL NODE_INTEGRATION_JS_CHECK at main\/node-integration\.ts:2:\d+/)
    expect(result.output).toMatch(
      /MEDIUM SANDBOX_JS_CHECK at main\/node-integration\.ts:2:\d+ \(not in the allow-list\)/,
    )
  })

  it('fails on a HIGH finding even when the allow-list names it', () => {
    expect(result.output).toMatch(/HIGH CONTEXT_ISOLATION_JS_CHECK at main\/no-isolation\.ts:2:\d+/)
    expect(result.output).toMatch(
      /allow-list entry CONTEXT_ISOLATION_JS_CHECK for main\/no-isolation\.ts cannot waive it/,
    )
  })

  it('fails on a MEDIUM finding missing from the allow-list and lets an allow-listed one pass with its reason', () => {
    expect(result.output).toMatch(/MEDIUM PRELOAD_JS_CHECK at main\/preload\.ts:\d+:\d+ \(not in the allow-list\)/)
    expect(result.output).toMatch(/allowed {2}MEDIUM AUXCLICK_JS_CHECK main\/preload\.ts:\d+:\d+: Reviewed\./)
    expect(result.output).not.toMatch(/AUXCLICK_JS_CHECK at main\/preload\.ts/)
  })

  it('fails on an allow-list entry that matches nothing', () => {
    expect(result.output).toMatch(/allow-list entry OPEN_EXTERNAL_JS_CHECK for main\/preload\.ts matches no finding/)
  })

  it('fails on a file Electronegativity cannot parse (it would skip it silently)', () => {
    expect(result.output).toMatch(/main\/broken\.ts cannot be parsed/)
  })
})
