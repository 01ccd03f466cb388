import path from 'node:path'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { tempDir } from './temp-dir'

/**
 * The oldest library schema a library with media in it can have: migration 0020's (0010 holds only the library's own
 * facts). Every later migration runs on a library opened from it.
 */
export const OLDEST_LIBRARY_VERSION = 20

/** An asset as the first Framevault that imported wrote it, in a library at the oldest version. */
export const OLD_ASSET = { id: '0123456789abcdef', name: 'old.mp4', sizeBytes: 1234 }

/**
 * A library folder whose database stopped at OLDEST_LIBRARY_VERSION, holding OLD_ASSET (a copy, imported, hashed):
 * opening it migrates it.
 */
export function oldestLibrary(dir: string = tempDir()): string {
  const { db } = openDatabase(
    path.join(dir, 'library.db'),
    migrations.filter((migration) => migration.version <= OLDEST_LIBRARY_VERSION),
  )
  try {
    db.prepare(
      `INSERT INTO videos (id, name, file_path, file_hash, size_bytes, source_type, imported_at, sampled_id, original_path)
       VALUES (?, ?, ?, ?, ?, 'uploaded', '2025-01-02T03:04:05.000Z', ?, '/old/place/old.mp4')`,
    ).run(
      OLD_ASSET.id,
      OLD_ASSET.name,
      path.join(dir, 'media/videos/01', `${OLD_ASSET.id}.mp4`),
      `sha256:${'ab'.repeat(32)}`,
      OLD_ASSET.sizeBytes,
      OLD_ASSET.id,
    )
  } finally {
    db.close()
  }
  return dir
}
