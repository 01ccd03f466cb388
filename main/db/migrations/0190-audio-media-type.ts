import type { Migration } from '../migration'

const NARROW = "CHECK (media_type IN ('video', 'image'))"
const WIDE = "CHECK (media_type IN ('video', 'image', 'audio'))"

/**
 * Audio files become assets (media_type 'audio': imports of mp3/wav/flac/…, and extract_audio's
 * outputs). Only the CHECK of `videos` changes, and every stored row already meets the wider one,
 * so the table's stored text is edited in place, as SQLite documents for loosening a constraint
 * (lang_altertable.html, "other kinds of table schema changes"): a rebuild would copy every row,
 * its full-text index and every trigger for a change no row notices. Defensive mode, which forbids
 * writing the schema, is lifted for this statement only.
 */
export const migration: Migration = {
  version: 190,
  name: 'audio-media-type',
  up(db) {
    const sql = db
      .prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'videos'")
      .pluck()
      .get()
    if (!sql?.includes(NARROW)) throw new Error(`videos has no ${NARROW} to widen; its schema is not Framevault's`)
    const version = db.pragma('schema_version', { simple: true }) as number
    db.unsafeMode(true)
    try {
      db.pragma('writable_schema = ON')
      db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'videos'").run(
        sql.replace(NARROW, WIDE),
      )
      // A new schema version makes this and every other connection read the schema again.
      db.pragma(`schema_version = ${version + 1}`)
    } finally {
      db.pragma('writable_schema = OFF')
      db.unsafeMode(false)
    }
  },
}
