import path from 'node:path'

/**
 * Where `npm start` puts better-sqlite3 built for Electron's ABI. The versions are part of
 * the name, so upgrading either one makes the pre-step build again.
 */
export function electronBindingFile(root: string, electronVersion: string, sqliteVersion: string): string {
  return path.join(
    root,
    'build',
    'electron-native',
    `electron-${electronVersion}-better-sqlite3-${sqliteVersion}`,
    'better_sqlite3.node',
  )
}
