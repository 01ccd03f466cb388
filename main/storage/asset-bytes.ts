import path from 'node:path'
import { AppError } from '../../shared/errors'
import type { AssetFile } from '../db/repos/media'
import { assetFile, ownedKey } from '../library/asset-file'
import type { LibraryCore } from '../library/core-context'
import { isSameOrInside } from '../security/contained-path'
import { isGone, openLinkedFile } from './linked-files'
import type { ObjectStore, OpenedObject } from './object-store'

// An asset's bytes: a copy is the object under its key in the library's store, a linked asset its own file.
// The recorded path of a copy mirrors its key in the library folder (for the original manager's code and the
// plugins); the app reads by the key, and by that path only in the case `stillElsewhere` names.

/** The parts of a library its assets' bytes are read through: its folder and its object store. */
type StoredLibrary = Pick<LibraryCore, 'dir'> & { store: ObjectStore }

/** The store key of a copied asset's file: its own, or for a row that records the path alone, the key that path names. */
function copyKey(lib: Pick<LibraryCore, 'dir'>, asset: AssetFile): string {
  return asset.objectKey ?? ownedKey(lib, asset.filePath)
}

/**
 * The recorded file of a copy whose object the store lacks, when it lies outside the library folder: a library
 * restored from a backup, whose copies stay in the original library's folder until they are brought in.
 */
function stillElsewhere(lib: Pick<LibraryCore, 'dir'>, asset: AssetFile): string | null {
  const recorded = path.resolve(lib.dir, asset.filePath)
  return asset.objectKey !== null && !isSameOrInside(lib.dir, recorded) ? recorded : null
}

/** Opens an asset's bytes for reading (by range): missing → AppError 'not_found'; a path leading out of the library → 'forbidden'. */
export async function openAssetBytes(lib: StoredLibrary, asset: AssetFile, contentType: string): Promise<OpenedObject> {
  if (asset.storage === 'link') return openLinkedFile(asset.filePath, contentType)
  try {
    return await lib.store.open(copyKey(lib, asset), contentType)
  } catch (error) {
    const other = error instanceof AppError && error.code === 'not_found' ? stillElsewhere(lib, asset) : null
    if (other === null) throw error
    return openLinkedFile(other, contentType)
  }
}

/** A local file with an asset's bytes, for ffmpeg, ffprobe, Tesseract and the analyzers; rejects as fs.stat does when missing. */
export async function assetBytesFile(lib: StoredLibrary, asset: AssetFile): Promise<string> {
  if (asset.storage === 'link') return assetFile(lib, asset.filePath)
  try {
    return await lib.store.localFile(copyKey(lib, asset))
  } catch (error) {
    const other = isGone(error) ? stillElsewhere(lib, asset) : null
    if (other === null) throw error
    return other
  }
}
