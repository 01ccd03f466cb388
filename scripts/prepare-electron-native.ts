// `npm start` pre-step: builds better-sqlite3 for Electron's ABI into build/electron-native/,
// leaving node_modules with Node's build for the tests. Needs network once: it downloads a
// prebuilt binary, or Electron's headers to compile one.
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { electronBindingFile } from '../main/electron/native-binding-path'

const root = process.cwd()
const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version

const electronVersion = versionOf('electron')
const target = electronBindingFile(root, electronVersion, versionOf('better-sqlite3'))

if (existsSync(target)) {
  console.log(`better-sqlite3 for Electron ${electronVersion}: ready (${path.relative(root, target)})`)
} else {
  build()
}

function build(): void {
  const work = path.join(path.dirname(target), 'work')
  rmSync(work, { recursive: true, force: true })
  cpSync(path.join(root, 'node_modules', 'better-sqlite3'), work, {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
  })
  // An npm `nodedir` setting would make node-gyp build against Node's headers, not Electron's.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'),
  )
  const tool = (pkg: string, file: string) => path.join(root, 'node_modules', pkg, file)
  const attempts: [string, string[]][] = [
    ['prebuilt binary', [tool('prebuild-install', 'bin.js'), '--runtime=electron', `--target=${electronVersion}`]],
    [
      'compile with Electron headers',
      [
        tool('node-gyp', 'bin/node-gyp.js'),
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        '--dist-url=https://electronjs.org/headers',
      ],
    ],
  ]
  for (const [label, args] of attempts) {
    console.log(`better-sqlite3 for Electron ${electronVersion}: ${label}…`)
    const result = spawnSync(process.execPath, args, { cwd: work, env, stdio: 'inherit' })
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node')
    if (result.status === 0 && existsSync(built)) {
      copyFileSync(built, target)
      rmSync(work, { recursive: true, force: true })
      console.log(`better-sqlite3 for Electron ${electronVersion}: built (${path.relative(root, target)})`)
      return
    }
  }
  rmSync(work, { recursive: true, force: true })
  console.error(
    `Could not get better-sqlite3 for Electron ${electronVersion}. This step needs network once ` +
      '(a prebuilt binary, or Electron headers and a C++ toolchain). See README, Troubleshooting.',
  )
  process.exit(1)
}
