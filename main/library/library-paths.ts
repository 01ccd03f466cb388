import path from 'node:path'
import type { MediaType } from '../../shared/contract'

/** Where imported files are staged before they get their final name (same filesystem, so rename is atomic). */
export function stagingDir(libraryDir: string): string {
  return path.join(libraryDir, 'tmp')
}

const FOLDERS: Record<MediaType, string> = { video: 'videos', image: 'images', audio: 'audio' }

/** The content-addressed home of a copied asset: `media/<videos|images|audio>/<id[0..1]>/<id>.<ext>`. */
export function mediaFilePath(libraryDir: string, mediaType: MediaType, id: string, extension: string): string {
  const folder = FOLDERS[mediaType]
  return path.join(libraryDir, 'media', folder, id.slice(0, 2), `${id}${extension.toLowerCase()}`)
}

/** The folder of all thumbnails: `derived/thumbs/`. */
export function thumbnailsDir(libraryDir: string): string {
  return path.join(libraryDir, 'derived', 'thumbs')
}

/** Poster and sprite sheet of an asset under `derived/thumbs/<id[0..1]>/`. */
export function thumbnailPaths(libraryDir: string, id: string): { poster: string; sprite: string } {
  const folder = path.join(thumbnailsDir(libraryDir), id.slice(0, 2))
  return { poster: path.join(folder, `${id}.jpg`), sprite: path.join(folder, `${id}.sprite.jpg`) }
}
