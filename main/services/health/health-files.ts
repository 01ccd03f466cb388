import type { HealthTarget } from '../../db/repos/health'
import type { AssetFile } from '../../db/repos/media'
import { assetFile } from '../../library/asset-file'
import type { Library } from '../../app/library-context'
import { assetBytesFile } from '../../storage/asset-bytes'
import { isGone, statLinked, type LinkedStats } from '../../storage/linked-files'

/** What is at an asset's path: the file's facts, 'missing' (nothing, or a folder), or another read error. */
export async function lookAt(file: string): Promise<LinkedStats | 'missing' | Error> {
  try {
    const info = await statLinked(file)
    return info.isDirectory() ? 'missing' : info
  } catch (error) {
    return isGone(error) ? 'missing' : (error as Error)
  }
}

/** Flags an asset missing (a host found its file gone); views hear of it when the flag is new. */
export function flagMissing(lib: Pick<Library, 'repos'>, id: string): void {
  lib.repos.health.flag(id, 'missing', new Date().toISOString())
}

/**
 * Where an asset's bytes are on this machine and what is there: a keyed copy's object by its key in the store
 * (its recorded path names where it was when the store lacks it); any other row's file at its recorded path
 * (a linked file, or a row another tool wrote, which may name a file anywhere).
 */
export async function lookAtAsset(
  lib: Pick<Library, 'dir' | 'store'>,
  asset: AssetFile,
): Promise<{ file: string; found: LinkedStats | 'missing' | Error }> {
  if (asset.objectKey === null) {
    const file = assetFile(lib, asset.filePath)
    return { file, found: await lookAt(file) }
  }
  try {
    const file = await assetBytesFile(lib, asset)
    return { file, found: await lookAt(file) }
  } catch (error) {
    return { file: assetFile(lib, asset.filePath), found: isGone(error) ? 'missing' : (error as Error) }
  }
}

/** Flags an asset missing when its file is not there (e.g. thumbnails could not be made from it). */
export async function flagIfGone(lib: Pick<Library, 'dir' | 'repos' | 'store'>, id: string): Promise<void> {
  const asset = lib.repos.media.fileOf(id)
  if (asset && (await lookAtAsset(lib, asset)).found === 'missing') flagMissing(lib, id)
}

// Assets read from the database at a time by a job that goes through all of them.
const PAGE = 500

/** A target source the job's workers pull from: the next target, or undefined when there are no more. */
export type TargetCursor = () => HealthTarget | undefined

/** A cursor over a list. */
export function listCursor(targets: readonly HealthTarget[]): TargetCursor {
  let at = 0
  return () => targets[at++]
}

/**
 * A cursor over pages in id order that `fetch(afterId)` reads as the workers ask for more, so
 * memory stays flat at any library size; `then` (made only when the pages run out) follows.
 */
export function pagedCursor(
  fetch: (after: string, limit: number) => HealthTarget[],
  then?: () => TargetCursor,
): TargetCursor {
  let page: HealthTarget[] = []
  let at = 0
  let after = ''
  let ended = false
  let rest: TargetCursor | undefined
  return () => {
    if (at === page.length && !ended) {
      page = fetch(after, PAGE)
      at = 0
      ended = page.length === 0
      after = page.at(-1)?.id ?? after
    }
    if (at < page.length) return page[at++]
    rest ??= then?.()
    return rest?.()
  }
}
