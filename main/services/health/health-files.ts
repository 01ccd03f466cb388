import type { HealthTarget } from '../../db/repos/health'
import type { AssetFile } from '../../db/repos/media'
import { assetFile } from '../../library/asset-file'
import type { Library, Uses } from '../library-context'
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
export async function flagMissing(lib: Uses<'health'>, id: string): Promise<void> {
  await lib.catalog.repos.health.flag(id, 'missing', new Date().toISOString())
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

/**
 * Whether an asset's bytes are there, without reading them: a keyed copy by its object's facts in the store (a HEAD
 * on a bucket, not a download); when the store lacks it, and for any other row, as lookAtAsset finds its file.
 */
export async function presenceOf(
  lib: Pick<Library, 'dir' | 'store'>,
  asset: AssetFile,
): Promise<'present' | 'missing' | Error> {
  if (asset.objectKey !== null) {
    const facts = await lib.store.stat(asset.objectKey).catch((error: unknown) => error as Error)
    if (facts instanceof Error) return facts
    if (facts !== null) return 'present'
  }
  const { found } = await lookAtAsset(lib, asset)
  return found === 'missing' || found instanceof Error ? found : 'present'
}

/**
 * Clears the missing flag of an asset whose file `file` a job or an open just found (flagged ones only: a file the
 * flag does not concern is not looked at); a file still not there keeps it. Views hear of the change.
 */
export async function unflagIfFound(
  lib: Uses<'health'>,
  asset: { id: string; flaggedMissing: boolean },
  file: string | null,
): Promise<void> {
  if (!asset.flaggedMissing) return
  const found = file === null ? 'present' : await lookAt(file)
  if (found === 'missing' || found instanceof Error) return
  await lib.catalog.repos.health.clearMissing(asset.id, new Date().toISOString())
}

/** Flags an asset missing when its file is not there (e.g. thumbnails could not be made from it). */
export async function flagIfGone(lib: Pick<Library, 'catalog' | 'dir' | 'store'>, id: string): Promise<void> {
  const asset = await lib.catalog.repos.media.fileOf(id)
  if (asset && (await presenceOf(lib, asset)) === 'missing') await flagMissing(lib, id)
}

// Assets read from the database at a time by a job that goes through all of them.
const PAGE = 500

/** A target source the job's workers pull from: the next target, or undefined when there are no more. */
export type TargetCursor = () => Promise<HealthTarget | undefined>

/** A cursor over a list. */
export function listCursor(targets: readonly HealthTarget[]): TargetCursor {
  let at = 0
  return async () => targets[at++]
}

/**
 * A cursor over pages in id order that `fetch(afterId)` reads as the workers ask for more, so
 * memory stays flat at any library size; `then` (made only when the pages run out) follows.
 * Workers that run dry together wait for the one read of the next page.
 */
export function pagedCursor(
  fetch: (after: string, limit: number) => Promise<HealthTarget[]>,
  then?: () => Promise<TargetCursor>,
): TargetCursor {
  let page: HealthTarget[] = []
  let at = 0
  let after = ''
  let ended = false
  let reading: Promise<void> | undefined
  let rest: Promise<TargetCursor> | undefined
  const readNext = async () => {
    page = await fetch(after, PAGE)
    at = 0
    ended = page.length === 0
    after = page.at(-1)?.id ?? after
  }
  return async () => {
    while (at === page.length && !ended) await (reading ??= readNext().finally(() => (reading = undefined)))
    if (at < page.length) return page[at++]
    rest ??= then?.()
    return (await rest)?.()
  }
}
