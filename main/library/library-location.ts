import { mkdirSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AppError } from '../../shared/errors'

export const APP_NAME = 'Framevault'
export const LIBRARY_ENV = 'FRAMEVAULT_LIBRARY'

/**
 * The folder Electron uses as userData on this platform, computed without Electron so the
 * web host and CLI open the same default library as the desktop app.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir()
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME)
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME)
}

/**
 * The library folder to open: `--library`, else $FRAMEVAULT_LIBRARY, else the desktop default.
 * An empty value is refused: path.resolve('') is the current folder, where nobody meant a library to be.
 */
export function resolveLibraryDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag.trim() === '') {
    throw new AppError('validation', '--library is empty: give the library folder, or leave the option out.')
  }
  const fromEnv = env[LIBRARY_ENV]
  if (flag === undefined && fromEnv !== undefined && fromEnv.trim() === '') {
    throw new AppError(
      'validation',
      `${LIBRARY_ENV} is set but empty: set it to the library folder, or unset it to use the default library.`,
    )
  }
  return path.resolve(flag ?? fromEnv ?? path.join(userDataDir(env), 'library'))
}

/** Creates the library folder `dir` when missing; returns it. An AppError says why it cannot be used. */
export function ensureLibraryFolder(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EEXIST'
        ? 'a file with that name is in the way'
        : (error as Error).message
    throw new AppError('io', `Cannot use ${dir} as the library folder: ${reason}.`)
  }
  return dir
}

// While a restore writes a library into a folder, this file names its process (services/library/restore.ts).
export const RESTORE_MARKER = /^\.framevault-restore\.(\d+)$/

/** The marker a restore by process `pid` keeps in the folder it restores into. */
export const restoreMarkerOf = (pid: number) => `.framevault-restore.${pid}`

/**
 * Refuses to open a folder a restore is writing, or left unfinished when it was stopped: what it holds is
 * not yet a library of its own (it may still carry the identity of the library the backup was taken of).
 */
export function refuseUnfinishedRestore(dir: string): void {
  const marker = readdirSync(dir).find((name) => RESTORE_MARKER.test(name))
  if (marker === undefined) return
  throw new AppError(
    'conflict',
    `${dir} holds a restore that has not finished (process ${RESTORE_MARKER.exec(marker)![1]}); restore the backup into it again, or into an empty folder, then open it.`,
    { path: dir },
  )
}
