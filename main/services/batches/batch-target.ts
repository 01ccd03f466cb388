import { MAX_PAGE, type BatchTarget, type BatchTargetRequest } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import { searchMedia } from '../assets/media-search'

/** The most assets one batch works on (a selection's limit too). */
export const MAX_BATCH_ASSETS = 10_000

/**
 * The assets a batch works on, in the order given (a filter's in the Library's default order), and how
 * they were given as the job stores it. A filter is resolved now, page after page in the newest-first order: the
 * batch's total is known, and assets imported meanwhile come before the pages read, so they do not join it.
 * AppError 'validation' when a filter leaves no asset, 'too_large' when it leaves more than a batch takes.
 */
export async function batchTarget(
  lib: Pick<Library, 'browse'>,
  target: BatchTargetRequest,
): Promise<{ ids: string[]; target: BatchTarget }> {
  if ('ids' in target) return { ids: target.ids, target: { by: 'ids' } }
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page = await searchMedia(lib, {
      limit: MAX_PAGE,
      cursor,
      query: target.query,
      filter: target.filter,
    })
    for (const asset of page.items) ids.push(asset.id)
    if (ids.length > MAX_BATCH_ASSETS) {
      throw new AppError(
        'too_large',
        `The filter leaves more than ${MAX_BATCH_ASSETS.toLocaleString('en-US')} assets; a batch takes at most that many. Narrow the filter.`,
      )
    }
    cursor = page.nextCursor
  } while (cursor !== null)
  if (ids.length === 0) throw new AppError('validation', 'The filter leaves no assets: there is nothing to run on.')
  return { ids, target: { by: 'filter', filter: target.filter, query: target.query ?? null } }
}
