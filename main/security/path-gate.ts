import path from 'node:path'
import { AppError } from '../../shared/errors'
import { isSameOrInside, realPathOf } from './contained-path'

/** Which folders a host may read media from by path: everything, or the listed roots and what they contain. */
export interface PathGate {
  /** Adds a folder (or file) the user gave this session, by drop, dialog or start flag; true when it is now permitted. */
  allow(root: string): boolean
  /** Throws AppError 'forbidden' naming the first path outside every allowed root ("Cannot <doing> <path>"). */
  check(paths: readonly string[], doing?: string): void
  /** True when `file`, once symlinks are followed, is an allowed root or inside one. */
  permits(file: string): boolean
  /** True when every path is allowed (trusted callers: the CLI, service tests). */
  readonly any: boolean
}

/** Why a path was refused; also the reason a file reached through a symlink fails in an import. */
export const OUTSIDE_REASON = 'it is outside the folders this host may import from'

/**
 * A gate over path imports. Containment is decided on real paths, so neither `..` nor a
 * symlink inside an allowed folder can reach outside it.
 */
export function createPathGate(roots: 'any' | readonly string[]): PathGate {
  const any = roots === 'any'
  // Kept minimal (no root inside another): Electron grants each dropped file on its own, and
  // permits() scans the list, so files inside an allowed folder would only make it longer.
  let allowed: string[] = []
  const realOrUndefined = (file: string): string | undefined => {
    try {
      return realPathOf(path.resolve(file))
    } catch {
      return undefined
    }
  }
  const permits = (file: string): boolean => {
    if (any) return true
    const real = realOrUndefined(file)
    return real !== undefined && allowed.some((root) => isSameOrInside(root, real))
  }
  const gate: PathGate = {
    any,
    allow(root) {
      if (any) return true
      const real = realOrUndefined(root)
      if (real === undefined) return false
      if (allowed.some((known) => isSameOrInside(known, real))) return true
      allowed = allowed.filter((known) => !isSameOrInside(real, known))
      allowed.push(real)
      return true
    },
    check(paths, doing = 'import') {
      const outside = paths.find((file) => !permits(file))
      if (outside === undefined) return
      throw new AppError('forbidden', `Cannot ${doing} ${outside}: ${OUTSIDE_REASON}.`, { path: outside })
    },
    permits,
  }
  if (!any) for (const root of roots) gate.allow(root)
  return gate
}
