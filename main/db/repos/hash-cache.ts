import type { Database } from 'better-sqlite3'

/** A file's identity at the time it was hashed: any change to size or mtime invalidates the digest. */
export interface FileStamp {
  path: string
  size: number
  mtimeNs: bigint
}

/** Remembers SHA-256 digests by (path, size, mtime_ns) so unchanged files are not hashed again. */
export function createHashCacheRepo(db: Database) {
  const getStmt = db.prepare<[string, number, string], { sha256: string }>(
    'SELECT sha256 FROM file_hash_cache WHERE path = ? AND size = ? AND mtime_ns = ?',
  )
  const putStmt = db.prepare<[string, number, string, string]>(
    `INSERT INTO file_hash_cache (path, size, mtime_ns, sha256) VALUES (?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256`,
  )
  return {
    get({ path, size, mtimeNs }: FileStamp): string | undefined {
      return getStmt.get(path, size, mtimeNs.toString())?.sha256
    },
    put({ path, size, mtimeNs }: FileStamp, sha256: string): void {
      putStmt.run(path, size, mtimeNs.toString(), sha256)
    },
  }
}
export type HashCacheRepo = ReturnType<typeof createHashCacheRepo>
