import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { app } from 'electron'
import { electronBindingFile } from './native-binding-path'

/**
 * The better-sqlite3 binary to load under Electron. A packaged app has node_modules rebuilt
 * for Electron by electron-builder; in development node_modules holds Node's build (for the
 * tests), so the Electron build made by `npm start`'s pre-step is loaded instead.
 */
export function electronNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined
  const root = app.getAppPath()
  const sqliteVersion = readVersion(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'))
  const file = electronBindingFile(root, process.versions.electron, sqliteVersion)
  if (!existsSync(file)) {
    throw new Error(`Missing ${file}. Start the app with \`npm start\`, which builds it (needs network once).`)
  }
  return file
}

function readVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version
}
