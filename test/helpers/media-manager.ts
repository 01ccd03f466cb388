import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { tempDir } from './temp-dir'

const here = path.dirname(fileURLToPath(import.meta.url))
const DRIVER = path.join(here, 'media-manager-driver.py')

/**
 * The folder of the original media manager's code (`media_manager.py`, unmodified; it is not copied into the
 * repository): FRAMEVAULT_MEDIA_MANAGER_DIR, else `../shared/interop` beside the repository, else beside the
 * repository this one was cloned from when that is a folder on this machine (a clean clone made elsewhere, as CI's).
 */
export function mediaManagerDir(): string {
  const root = path.resolve(here, '../..')
  const origin = originFolder(root)
  const candidates = [
    process.env.FRAMEVAULT_MEDIA_MANAGER_DIR,
    path.resolve(root, '../shared/interop'),
    origin && path.resolve(origin, '../shared/interop'),
  ].filter((dir): dir is string => Boolean(dir))
  const found = candidates.find((dir) => existsSync(path.join(dir, 'media_manager.py')))
  if (!found) {
    throw new Error(
      `No media_manager.py in ${candidates.join(' or ')}: set FRAMEVAULT_MEDIA_MANAGER_DIR to the folder that holds it.`,
    )
  }
  return found
}

/** The folder `root` was cloned from, when its origin is a path on this machine (not a network URL). */
function originFolder(root: string): string | null {
  try {
    const url = execFileSync('git', ['-C', root, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).trim()
    if (url.startsWith('file://')) return fileURLToPath(url)
    return url === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+@[^:]+:/.test(url)
      ? null
      : path.resolve(root, url)
  } catch {
    // No git, or no origin: there is no such folder.
    return null
  }
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
