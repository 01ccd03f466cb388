import path from 'node:path'
import { AppError } from '../../shared/errors'
import { isSameOrInside } from '../security/contained-path'
import type { Library } from '../app/library-context'
import type { AssetFile } from '../db/repos/media'
import { ownedFilePath } from './library-paths'

/**
 * How a library's rows name its copies' files. A library folder's: by their absolute path in the folder (the original
 * manager's code and the plugins open them, and key their caches by them). A hub's: by their object key alone, the
 * same on every machine, as its bytes may be in an object store on no machine's disk.
 */
export type RowNames = 'paths' | 'keys'

/** Where an asset's file is: a copied asset's recorded path is relative to the library folder. */
export function assetFile(lib: Pick<Library, 'dir'>, recorded: string): string {
  return path.resolve(lib.dir, recorded)
}

/**
 * The object-store key of a copied asset's file from what its row records (a path in the library folder,
 * relative or absolute); 'forbidden' when it names a place outside the library folder.
 */
export function ownedKey(lib: Pick<Library, 'dir'>, recorded: string): string {
  const file = path.resolve(lib.dir, recorded)
  if (!isSameOrInside(lib.dir, file) || file === lib.dir) {
    throw new AppError('forbidden', `${file} leads outside the library folder.`, { path: file })
  }
  return path.relative(lib.dir, file).split(path.sep).join('/')
}

/** What a new copy's row records as its file: its path in the library folder `dir`, or on a hub its key. */
export function recordedFile(place: { dir: string; rowNames: RowNames }, key: string): string {
  return place.rowNames === 'keys' ? key : ownedFilePath(place.dir, key)
}

/**
 * The name the caches (analyses, processing runs) know an asset's file by: its absolute path (as the plugins key
 * theirs), or on a hub a copy's key, so a result is found whichever machine computed it.
 */
export function cachedFileName(
  lib: Pick<Library, 'dir' | 'rowNames'>,
  asset: Pick<AssetFile, 'filePath' | 'storage'>,
): string {
  // A hub's copies record their key as their file.
  return lib.rowNames === 'keys' && asset.storage === 'copy' ? asset.filePath : assetFile(lib, asset.filePath)
}
