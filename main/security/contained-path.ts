import { lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/errors'

/**
 * The file a URL path names below `root`, or undefined when it is malformed or would leave
 * `root` (`..`, encoded or not). The only way request paths become file paths.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const base = path.resolve(root)
  const file = path.resolve(base, decoded.replace(/^\/+/, ''))
  return isSameOrInside(base, file) ? file : undefined
}

/** True when `child` is `parent` or below it, compared on path-separator boundaries. */
export function isSameOrInside(parent: string, child: string): boolean {
  if (child === parent) return true
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep
  return child.startsWith(prefix)
}

// Symlinks chained deeper than this are treated as a loop, like the kernel's ELOOP.
const MAX_LINK_HOPS = 40

/**
 * Where `file` really is once every symlink is followed, also when it does not exist yet:
 * its nearest existing ancestor is resolved and the rest appended, and a dangling symlink is
 * followed to its target (writing through it would create that target).
 */
export function realPathOf(file: string, hops = 0): string {
  const absolute = path.resolve(file)
  if (hops > MAX_LINK_HOPS) throw tooManyLinks(absolute)
  try {
    return realpathSync(absolute)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw tooManyLinks(absolute)
    if (!isMissing(error)) throw error
  }
  const parent = path.dirname(absolute)
  let isLink = false
  try {
    isLink = lstatSync(absolute).isSymbolicLink()
  } catch (error) {
    if (!isMissing(error)) throw error
  }
  if (isLink) return realPathOf(path.resolve(parent, readlinkSync(absolute)), hops + 1)
  if (parent === absolute) return absolute
  return path.join(realPathOf(parent, hops), path.basename(absolute))
}

/**
 * The real path of `file` when it (or, if it does not exist yet, where it would be created)
 * stays inside the real `root`; throws AppError 'forbidden' when a symlink leads out.
 * Resolves `root` on every call: hot paths hold the real root and call realPathBelow.
 */
export async function realPathInside(root: string, file: string): Promise<string> {
  return realPathBelow(await realPathSoon(root), file)
}

/** realPathInside for a `realRoot` that is already a real path (see realPathOf), resolved once by the caller. */
export async function realPathBelow(realRoot: string, file: string): Promise<string> {
  const real = await realPathSoon(file)
  if (!isSameOrInside(realRoot, real)) {
    throw new AppError('forbidden', `${file} leads outside the library folder (to ${real}).`, { path: file })
  }
  return real
}

// realPathOf without blocking the event loop in the common case, where the path exists;
// a missing path takes realPathOf's ancestor walk.
async function realPathSoon(file: string): Promise<string> {
  const absolute = path.resolve(file)
  try {
    return await realpath(absolute)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw tooManyLinks(absolute)
    if (!isMissing(error)) throw error
  }
  return realPathOf(absolute)
}

function tooManyLinks(file: string): AppError {
  return new AppError('forbidden', `Too many symbolic links at ${file}.`, { path: file })
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
