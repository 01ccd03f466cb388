import path from 'node:path'
import { AppError } from '../../shared/errors'
import { migrations } from '../db/migrations/index'
import { DATABASE_FILE } from '../library/library-paths'
import { resolveLibraryDir } from '../library/library-location'
import { backupDatabase } from '../services/library/backup'
import { openLibraryFileReadOnly, restoreLibrary } from '../services/library/restore'

export const BACKUP_USAGE = `  backup [--force] <file>     write a verified snapshot of the library database to <file> (safe while imports
                             run) and print what it holds as JSON; --force replaces an existing <file>
  restore <file> --library DIR
                             restore a backup as a new library in DIR (missing or empty) and print what was
                             restored as JSON. A backup holds the database (catalogue, jobs, metadata), not
                             the media files: restored assets keep their paths into the original library
                             folder (copies) or wherever they were (links)`

const DATABASE_ONLY =
  'The backup holds the database (catalogue, jobs, metadata), not the media files: ' +
  "restored assets point at the original library's media folder, linked assets where they always were."

/** Options of `backup` and `restore` as parsed by the CLI. */
export interface BackupFlags {
  library?: string
  force?: boolean
}

/** `backup <file>` or `restore <file> --library DIR`; resolves to the exit status. */
export async function runBackupCommand(
  command: 'backup' | 'restore',
  file: string,
  flags: BackupFlags,
  print: (value: unknown) => void,
): Promise<number> {
  if (command === 'restore') {
    // The target is never guessed: restoring into $FRAMEVAULT_LIBRARY or the default by accident would be a surprise.
    if (flags.library === undefined)
      throw new AppError('validation', 'restore needs --library DIR (a new or empty folder).')
    const result = await restoreLibrary(file, flags.library)
    print(result)
    console.error(`Restored into ${result.path}. ${DATABASE_ONLY}`)
    console.error(`Open it with: npm run web -- --library ${result.path}`)
    return 0
  }
  // Read-only and unmigrated: a backup must not change the library it copies (an older one stays older).
  const db = await openLibraryFileReadOnly(path.join(resolveLibraryDir(flags.library), DATABASE_FILE), migrations)
  try {
    let shown = -1
    const result = await backupDatabase(db, undefined, path.resolve(file), {
      force: flags.force ?? false,
      onProgress({ pagesDone, pagesTotal }) {
        const percent = pagesTotal === 0 ? 100 : Math.floor((pagesDone / pagesTotal) * 100)
        // Tens of percent only: a progress line per step would drown a script's log.
        if (Math.floor(percent / 10) === Math.floor(shown / 10)) return
        shown = percent
        console.error(`Backing up: ${percent}% of ${pagesTotal} pages`)
      },
    })
    print(result)
    console.error(`Backed up to ${result.path} and verified. ${DATABASE_ONLY}`)
    return 0
  } finally {
    db.close()
  }
}
