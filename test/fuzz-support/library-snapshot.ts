import { createHash } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/** What a library holds: a digest of every table's rows and every path under its folder. */
export interface LibrarySnapshot {
  tables: Record<string, string>
  files: string[]
}

// The WAL and its index change size on reads and checkpoints; only their presence is content.
const SIZE_IGNORED = /-(wal|shm)$/
// The change log records notifications, not content: a background write that changed no row (an UPDATE to the
// values a row had) still logs one. A write that changed content shows in its own table.
const NOT_CONTENT = new Set(['change_log', 'sqlite_sequence'])

/**
 * Reads the library from outside: a second, read-only SQLite connection hashes each table's
 * rows in rowid order, and the folder is listed with file sizes.
 */
export function snapshotLibrary(dir: string, databasePath: string): LibrarySnapshot {
  return { tables: tableDigests(databasePath), files: listFolder(dir) }
}

function tableDigests(databasePath: string): Record<string, string> {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true })
  try {
    const digests: Record<string, string> = { user_version: String(db.pragma('user_version', { simple: true })) }
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string
      sql: string | null
    }[]
    for (const { name, sql } of tables) {
      if (NOT_CONTENT.has(name)) continue
      const order = /WITHOUT\s+ROWID/i.test(sql ?? '') ? '1' : 'rowid'
      const rows = db
        .prepare(`SELECT * FROM "${name.replaceAll('"', '""')}" ORDER BY ${order}`)
        .raw()
        .all()
      const text = JSON.stringify(rows, (_key, value: unknown) =>
        Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? String(value) : value,
      )
      digests[name] = `${rows.length} rows, sha256 ${createHash('sha256').update(text).digest('hex').slice(0, 16)}`
    }
    return digests
  } finally {
    db.close()
  }
}

function listFolder(dir: string): string[] {
  const entries: string[] = []
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name)
    const relative = path.relative(dir, full)
    if (entry.isDirectory()) entries.push(`${relative}/`)
    else if (SIZE_IGNORED.test(entry.name)) entries.push(relative)
    else entries.push(`${relative} ${statSync(full).size}`)
  }
  return entries.sort()
}
