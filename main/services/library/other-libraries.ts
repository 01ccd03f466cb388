import path from 'node:path'
import type { LibraryRestores, OtherLibrary } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { migrations } from '../../db/migrations/index'
import { createLibraryMetaRepo } from '../../db/repos/library-meta'
import { sqliteEngine } from '../../db/sql/sqlite-engine'
import { DATABASE_FILE } from '../../library/library-paths'
import type { Library } from '../library-context'
import { openLibraryFileReadOnly } from './restore'
import { recordedRestores } from './restored-identity'

/**
 * `library:restores`: the libraries restored from `lib`'s backups, the library it was itself
 * restored from, and the one this host had open before it, each read as it is now.
 */
export async function listOtherLibraries(
  lib: Pick<Library, 'catalog' | 'nativeBinding' | 'switchLibrary'>,
): Promise<LibraryRestores> {
  const { meta } = lib.catalog.repos
  const describe = (known: KnownLibrary) => describeLibrary(known, lib.nativeBinding)
  const restores = await Promise.all(
    (await recordedRestores(lib)).map(async (restore) => ({
      ...restore,
      ...(await describe({ dir: restore.path, name: restore.name, id: restore.id })),
    })),
  )
  const originId = await meta.get('restored_from')
  const originDir = await meta.get('restored_from_path')
  const backupAt = await meta.get('restored_backup_at')
  const previous = lib.switchLibrary?.previous()
  return {
    origin:
      originId === undefined
        ? null
        : {
            id: originId,
            backupAt: backupAt ?? '',
            library:
              originDir === undefined
                ? null
                : await describe({ dir: originDir, name: 'the original library', id: originId }),
          },
    restores,
    previous:
      previous === undefined
        ? null
        : await describe({ dir: previous.dir, name: path.basename(previous.dir), id: previous.id }),
    canOpen: lib.switchLibrary !== undefined,
  }
}

/**
 * `library:open`: puts one of the libraries `library:restores` names in place of `lib` (see
 * LibrarySwitch). The renderer is untrusted: any other folder is refused, whatever it holds.
 */
export async function openOtherLibrary(
  lib: Pick<Library, 'catalog' | 'nativeBinding' | 'switchLibrary'>,
  wanted: string,
): Promise<{ path: string; name: string }> {
  // The contract accepts Windows-style paths too; resolve() would put one below the cwd here.
  if (!path.isAbsolute(wanted)) throw new AppError('validation', `${wanted} is not an absolute path here.`)
  const dir = path.resolve(wanted)
  if (!lib.switchLibrary) {
    throw new AppError('unsupported', 'This host cannot open another library; start it with that library instead.')
  }
  const { origin, restores, previous } = await listOtherLibraries(lib)
  // Each library it may open, with the id it is known by (checked again as it opens).
  const known = [
    { library: origin?.library, id: origin?.id },
    { library: previous, id: lib.switchLibrary.previous()?.id },
    ...restores.map((restore) => ({ library: restore, id: restore.id })),
  ].find((one) => one.library?.path === dir)
  const other = known?.library
  if (!other) {
    throw new AppError(
      'forbidden',
      `${dir} is not a library restored from this one or the one it came from; only those can be opened here.`,
      { path: dir },
    )
  }
  if (other.unavailable !== null) {
    throw new AppError('not_found', `${other.name} cannot be opened: ${other.unavailable}`, { path: dir })
  }
  // Checked again as it opens: the folder may be swapped between this listing and the open.
  await lib.switchLibrary.open(dir, known?.id ?? '')
  return { path: dir, name: other.name }
}

/** A library this one knows of: its folder, the name it was recorded by and its library id. */
type KnownLibrary = { dir: string; name: string; id: string }

/**
 * A library folder's name, read without changing anything in it, or why it cannot be opened: among the
 * reasons, that the folder now holds another library than the one recorded (swapped, or a symlink to one).
 */
async function describeLibrary(
  { dir, name: recordedName, id }: KnownLibrary,
  nativeBinding?: string,
): Promise<OtherLibrary> {
  try {
    const db = await openLibraryFileReadOnly(path.join(dir, DATABASE_FILE), migrations, nativeBinding)
    try {
      // Another library's file, opened read-only here: its facts are read through an engine of its own.
      const meta = createLibraryMetaRepo(sqliteEngine(db))
      const name = (await meta.get('name')) ?? recordedName
      if ((await meta.get('library_id')) !== id) {
        return {
          path: dir,
          name,
          unavailable: `${dir} now holds another library (“${name}”) than the one recorded there.`,
        }
      }
      return { path: dir, name, unavailable: null }
    } finally {
      db.close()
    }
  } catch (error) {
    const gone = error instanceof AppError && error.code === 'not_found'
    return {
      path: dir,
      name: recordedName,
      unavailable: gone ? `${dir} no longer holds a library.` : (error as Error).message,
    }
  }
}
