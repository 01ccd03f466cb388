// Packaging check (`npm test`, after the build step): packs the app with electron-builder
// `--dir` around a stand-in Electron (the real binary cannot be downloaded here), then checks
// what was packed (packaging-checks.ts). Exit code 1 names every problem found.
//   tsx scripts/check-packaging.ts [--keep]   (--keep leaves the packed app and prints where)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, Platform, type Configuration } from 'electron-builder'
import { parse } from 'yaml'
import { ENTRY_BUNDLES, asarProblems, fuseProblems, sizeOf, unpackedProblems } from './packaging-checks'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// electron-builder resolves the afterPack hook's ./path against the working folder.
process.chdir(root)
const started = Date.now()
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`

if (process.platform !== 'linux') fail([`the packaging check runs on Linux only (this is ${process.platform})`])
const missing = ENTRY_BUNDLES.filter((bundle) => !existsSync(path.join(root, bundle)))
if (missing.length > 0) fail(missing.map((bundle) => `${bundle} is missing: run \`npm run build\` first`))

const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Configuration
const problems = fuseProblems(config)

const work = mkdtempSync(path.join(os.tmpdir(), 'framevault-pack-'))
try {
  // A placeholder where electron-builder expects Electron's Linux executable; it is only copied and renamed.
  const electronDist = path.join(work, 'electron-dist')
  mkdirSync(electronDist)
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for Electron" >&2\nexit 1\n', {
    mode: 0o755,
  })
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    config: {
      ...config,
      electronDist,
      // No Electron headers here; the Node build of better-sqlite3 stands in for the Electron one.
      npmRebuild: false,
      // @electron/fuses cannot flip a placeholder binary; the settings are checked above instead.
      electronFuses: null,
      directories: { ...config.directories, output: path.join(work, 'dist') },
    },
  })
  const resources = path.join(work, 'dist', 'linux-unpacked', 'resources')
  const asarFile = path.join(resources, 'app.asar')
  if (!existsSync(asarFile)) throw new Error(`electron-builder left no ${asarFile}`)
  problems.push(...asarProblems(asarFile, path.join(root, 'out')), ...unpackedProblems(resources))
  console.log(`app.asar: ${mib(sizeOf(asarFile))}; app.asar.unpacked: ${mib(sizeOf(`${asarFile}.unpacked`))}`)
} catch (error) {
  problems.push(`packing failed: ${(error as Error).message}`)
} finally {
  if (process.argv.includes('--keep')) console.log(`Packed app kept in ${work}`)
  else rmSync(work, { recursive: true, force: true })
}

if (problems.length > 0) fail(problems)
console.log(`Packaging check passed in ${((Date.now() - started) / 1000).toFixed(1)} s.`)

function fail(found: string[]): never {
  const shown = found.slice(0, 30).map((problem) => `  - ${problem}`)
  if (found.length > shown.length) shown.push(`  … and ${found.length - shown.length} more`)
  console.error(`Packaging check failed:\n${shown.join('\n')}`)
  process.exit(1)
}
