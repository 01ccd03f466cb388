import path from 'node:path'
import type { MediaType } from '../../shared/contract'

// Keys name objects in the library's object store (main/storage/object-store.ts); the folder driver keeps the
// object under key `a/b/c` at `<library>/a/b/c`, so a key is also where a file lives inside a library folder.

/** The library's database file in its folder. */
export const DATABASE_FILE = 'library.db'

/** Where imported files are staged before they get their final name (same filesystem, so rename is atomic). */
export function stagingDir(libraryDir: string): string {
  return path.join(libraryDir, 'tmp')
}

const FOLDERS: Record<MediaType, string> = { video: 'videos', image: 'images', audio: 'audio' }

/** The content-addressed key of a copied asset's file: `media/<videos|images|audio>/<id[0..1]>/<id>.<ext>`. */
export function mediaKey(mediaType: MediaType, id: string, extension: string): string {
  return `media/${FOLDERS[mediaType]}/${id.slice(0, 2)}/${id}${extension.toLowerCase()}`
}

/** The folder key of all thumbnails. */
export const THUMBNAILS_KEY = 'derived/thumbs'

/** The folder key of timelines' frames (a frame row's `frame_key` is relative to it). */
export const TIMELINES_KEY = 'derived/timelines'

/** The folder key of the trash: deleted objects wait under `trash/<batch>/<their key>` until it is emptied. */
export const TRASH_KEY = 'trash'

/** The folder key of one delete's objects in the trash: `trash/<batch>`. */
export function trashBatchKey(batchId: string): string {
  return `${TRASH_KEY}/${batchId}`
}

/** The folder of all thumbnails: `derived/thumbs/`. */
export function thumbnailsDir(libraryDir: string): string {
  return path.join(libraryDir, ...THUMBNAILS_KEY.split('/'))
}

/** The keys of an asset's poster and sprite sheet: `derived/thumbs/<id[0..1]>/<id>.jpg` and `<id>.sprite.jpg`. */
export function thumbnailKeys(id: string): { poster: string; sprite: string } {
  const folder = `${THUMBNAILS_KEY}/${id.slice(0, 2)}`
  return { poster: `${folder}/${id}.jpg`, sprite: `${folder}/${id}.sprite.jpg` }
}

/** The file of an owned object in a library folder (the folder driver's layout; copied assets' rows record it). */
export function ownedFilePath(libraryDir: string, key: string): string {
  return path.join(libraryDir, ...key.split('/'))
}

/** The files of an asset's poster and sprite sheet in a library folder (for its disk usage and the trash). */
export function thumbnailPaths(libraryDir: string, id: string): { poster: string; sprite: string } {
  const { poster, sprite } = thumbnailKeys(id)
  return { poster: ownedFilePath(libraryDir, poster), sprite: ownedFilePath(libraryDir, sprite) }
}
