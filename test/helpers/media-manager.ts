import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { tempDir } from './temp-dir'

const here = path.dirname(fileURLToPath(import.meta.url))
const DRIVER = path.join(here, 'media-manager-driver.py')

/**
 * The folder of the original media manager's code (`media_manager.py`, unmodified): FRAMEVAULT_MEDIA_MANAGER_DIR, else
 * `../shared/interop` beside the repository, where this project keeps it (it is not copied into the repository).
 */
export function mediaManagerDir(): string {
  const dir = process.env.FRAMEVAULT_MEDIA_MANAGER_DIR || path.resolve(here, '../../../shared/interop')
  if (!existsSync(path.join(dir, 'media_manager.py'))) {
    throw new Error(`No media_manager.py in ${dir}: set FRAMEVAULT_MEDIA_MANAGER_DIR to the folder that holds it.`)
  }
  return dir
}

/** One call of a MediaManager method: its name and keyword arguments (as Python names them). */
export type MediaManagerCall = [method: string, kwargs: Record<string, unknown>]

/**
 * Runs MediaManager methods on a database with python3, in one process, in order: what each returned (as JSON; a
 * Python None is null). Rejects with the Python error of the first call that raised, naming its method.
 */
export function runMediaManager(dbPath: string, calls: MediaManagerCall[]): Promise<unknown[]> {
  const args = [DRIVER, mediaManagerDir(), dbPath, tempDir('media-manager-videos-')]
  return new Promise((resolve, reject) => {
    const child = execFile('python3', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`media_manager.py: ${stderr.trim() || error.message}`))
      else resolve(JSON.parse(stdout) as unknown[])
    })
    child.stdin?.on('error', reject)
    child.stdin?.end(JSON.stringify(calls))
  })
}
