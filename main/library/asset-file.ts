import path from 'node:path'
import { AppError } from '../../shared/errors'
import { isSameOrInside } from '../security/contained-path'
import type { Library } from '../app/library-context'

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
