import path from 'node:path'
import { AppError } from '../../shared/errors'
import { isSameOrInside } from '../security/contained-path'
import type { LibraryCore } from './core-context'
import type { AssetFile } from '../db/repos/media'
import { ownedFilePath } from './library-paths'

/** Where an asset's file is: a copied asset's recorded path is relative to the library folder. */
export function assetFile(lib: Pick<LibraryCore, 'dir'>, recorded: string): string {
  return path.resolve(lib.dir, recorded)
}

/**
 * The object-store key of a copied asset's file from what its row records (a path in the library folder,
 * relative or absolute); 'forbidden' when it names a place outside the library folder.
 */
export function ownedKey(lib: Pick<LibraryCore, 'dir'>, recorded: string): string {
  const file = path.resolve(lib.dir, recorded)
  if (!isSameOrInside(lib.dir, file) || file === lib.dir) {
    throw new AppError('forbidden', `${file} leads outside the library folder.`, { path: file })
  }
  return path.relative(lib.dir, file).split(path.sep).join('/')
}

/** What a new copy's row records as its file: its path in the library folder `dir`, or on a hub its key. */
export function recordedFile(place: Pick<LibraryCore, 'dir' | 'rowNames'>, key: string): string {
  return place.rowNames === 'keys' ? key : ownedFilePath(place.dir, key)
}

/**
 * The name the caches (analyses, processing runs) know an asset's file by: its absolute path (as the plugins key
 * theirs), or on a hub a copy's key, so a result is found whichever machine computed it.
 */
export function cachedFileName(
  lib: Pick<LibraryCore, 'dir' | 'rowNames'>,
  asset: Pick<AssetFile, 'filePath' | 'storage'>,
): string {
  // A hub's copies record their key as their file.
  return lib.rowNames === 'keys' && asset.storage === 'copy' ? asset.filePath : assetFile(lib, asset.filePath)
}
