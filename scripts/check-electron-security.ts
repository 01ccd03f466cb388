// Electron security gate (`npm test`): runs Electronegativity on main/ and preload/ with the
// installed Electron's version, reads its CSV and fails on any HIGH finding and on any MEDIUM
// one missing from scripts/electronegativity-allow.json (see electronegativity-report.ts).
//   tsx scripts/check-electron-security.ts [--allow FILE] [DIR ...]   (defaults: main preload)
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { judge, parseAllowList, parseGateArgs, parseReport } from './electronegativity-report'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = parseGateArgs(process.argv.slice(2))
const allowFile = args.allowFile ?? path.join(root, 'scripts', 'electronegativity-allow.json')
const dirs = args.dirs
if (dirs.length === 0) dirs.push(path.join(root, 'main'), path.join(root, 'preload'))
const electronVersion = (require('electron/package.json') as { version: string }).version

// The folders are scanned together, so the app-wide checks (navigation limits, permission
// handler, CSP) see main/ and preload/ as one app; file names come out as main/..., preload/...
const work = mkdtempSync(path.join(os.tmpdir(), 'framevault-electronegativity-'))
const problems: string[] = []
try {
  const scanned = path.join(work, 'scan')
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new Error(`no folder ${dir}`)
    mkdirSync(scanned, { recursive: true })
    cpSync(dir, path.join(scanned, path.basename(path.resolve(dir))), { recursive: true })
  }
  problems.push(...unparsable(scanned))
  const csvFile = path.join(work, 'report.csv')
  const run = spawnSync(
    path.join(root, 'node_modules', '.bin', 'electronegativity'),
    // AvailableSecurityFixesGlobalCheck only asks GitHub which Electron releases exist: it needs
    // the network and reads package.json, which is not scanned. Electron upgrades are reviewed on their own.
    ['-i', scanned, '-e', electronVersion, '-o', csvFile, '-r', '-x', 'AvailableSecurityFixesGlobalCheck'],
    {
      encoding: 'utf8',
      timeout: 120_000,
      // One thread pool thread: Electronegativity writes the CSV header and rows with two racing async writes.
      env: { ...process.env, UV_THREADPOOL_SIZE: '1', LANG: 'en-US' },
    },
  )
  if (run.error || run.status !== 0 || !existsSync(csvFile)) {
    throw new Error(`Electronegativity did not finish (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr}`)
  }
  const verdict = judge(parseReport(readFileSync(csvFile, 'utf8')), parseAllowList(readFileSync(allowFile, 'utf8')))
  for (const { finding, reason } of verdict.allowed) {
    console.log(`allowed  MEDIUM ${finding.check} ${finding.file}:${finding.location}: ${reason}`)
  }
  for (const note of verdict.notes) {
    console.log(`note     ${note.severity} ${note.check} ${note.file}:${note.location}: ${note.description}`)
  }
  problems.push(...verdict.failures)
} catch (error) {
  problems.push((error as Error).message)
} finally {
  rmSync(work, { recursive: true, force: true })
}

if (problems.length > 0) {
  console.error(`Electron security gate failed (Electronegativity, Electron ${electronVersion}):`)
  for (const problem of problems) console.error(`  - ${problem}`)
  process.exit(1)
}
console.log(`Electron security gate passed (Electronegativity, Electron ${electronVersion}).`)

/** Files Electronegativity's parser rejects: with CSV output it skips them without a word, so they fail here. */
function unparsable(dir: string): string[] {
  const { Parser } = require('@doyensec/electronegativity/dist/parser/parser.js') as {
    Parser: new (
      babelFirst: boolean,
      typescriptBabelFirst: boolean,
    ) => { parse(file: string, content: Buffer): unknown }
  }
  // The same parser settings as Electronegativity's runner.
  const parser = new Parser(false, true)
  const failed: string[] = []
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.(js|jsx|ts|tsx|html|htm)$/.test(file)) continue
    try {
      parser.parse(file, readFileSync(path.join(dir, file)))
    } catch (error) {
      failed.push(
        `${file.split(path.sep).join('/')} cannot be parsed, so it would not be checked: ${(error as Error).message}`,
      )
    }
  }
  return failed
}
