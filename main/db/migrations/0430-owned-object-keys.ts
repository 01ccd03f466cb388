import type { Migration } from '../migration'

/**
 * A copied asset's object key (issue 33 point 2): `videos.object_key` names the asset's file in the library's
 * object store (`media/<videos|images|audio>/<id[0..1]>/<id>.<ext>`, main/library/library-paths.ts `mediaKey`)
 * and is what the app reads its bytes by. `file_path` stays as it was: the original manager's code and the
 * plugins' caches read it as an absolute path, so it is kept as a mirror of the key in the library folder
 * (rewritten at open when the folder has moved: main/library/owned-paths.ts).
 *
 * Existing copies get their key from the layout their path ends in, whatever folder it starts with (a library
 * moved before this migration still finds its files). A row whose path does not end in its own layout (a row the
 * original manager wrote: it never copies) keeps no key and is read by its path as before. Linked assets have none.
 */
export const migration: Migration = {
  version: 430,
  name: 'owned-object-keys',
  up(db) {
    db.exec('ALTER TABLE videos ADD COLUMN object_key TEXT')
    const copies = db.prepare<[], { id: string; file_path: string }>(
      "SELECT id, file_path FROM videos WHERE storage = 'copy'",
    )
    const setKey = db.prepare<[string, string]>('UPDATE videos SET object_key = ? WHERE id = ?')
    for (const row of copies.all()) {
      const key = layoutKey(row.id, row.file_path)
      if (key !== null) setKey.run(key, row.id)
    }
  },
}

// `…/media/<folder>/<xx>/<name>` with either separator: the tail a copy's path has in the folder layout.
const LAYOUT_TAIL = /[\\/]media[\\/](videos|images|audio)[\\/]([^\\/]{2})[\\/]([^\\/]+)$/

/** The key of a copy's file from its recorded path, when the path ends in the layout of the row's own id. */
function layoutKey(id: string, filePath: string): string | null {
  const tail = LAYOUT_TAIL.exec(filePath)
  if (!tail) return null
  const [, folder, shard, name] = tail
  const extension = name!.slice(id.length)
  const ownName = name!.startsWith(id) && (extension === '' || /^\.[^.]+$/.test(extension))
  return ownName && shard === id.slice(0, 2) ? `media/${folder}/${shard}/${name}` : null
}
