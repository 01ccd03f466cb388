import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync } from 'node:fs'
import Database from 'better-sqlite3'
import { probeMedia } from '../../main/media/probe'

const SMALL_READ = 4 * 1024

/**
 * Imports `files` the straightforward way, the baseline the pipeline is measured against: strictly one file after
 * another, each hashed with 4 KiB reads, probed by one ffprobe process and inserted in its own committed transaction.
 */
export async function naiveImport(files: readonly string[], ffprobePath: string, databasePath: string): Promise<void> {
  const db = new Database(databasePath)
  try {
    // SQLite's stock settings, spelled out: a rollback journal and a full sync on every commit.
    db.pragma('journal_mode = DELETE')
    db.pragma('synchronous = FULL')
    db.exec(
      'CREATE TABLE media (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL, probe TEXT NOT NULL)',
    )
    const insert = db.prepare<[string, string, number, string]>(
      'INSERT INTO media (path, sha256, size, probe) VALUES (?, ?, ?, ?)',
    )
    const store = db.transaction((file: string, sha256: string, size: number, probe: string) =>
      insert.run(file, sha256, size, probe),
    )
    const buffer = Buffer.allocUnsafe(SMALL_READ)
    for (const file of files) {
      const { sha256, size } = sha256InSmallReads(file, buffer)
      const probe = await probeMedia(ffprobePath, file)
      store(file, sha256, size, JSON.stringify(probe))
    }
  } finally {
    db.close()
  }
}

function sha256InSmallReads(file: string, buffer: Buffer): { sha256: string; size: number } {
  const hash = createHash('sha256')
  const fd = openSync(file, 'r')
  let size = 0
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, read))
      size += read
    }
  } finally {
    closeSync(fd)
  }
  return { sha256: `sha256:${hash.digest('hex')}`, size }
}
