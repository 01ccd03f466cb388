import { mayBeLimited } from '../../../shared/access'
import type { ShareTarget } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { ShareRow } from '../../db/repos/collection-shares'
import type { Library, Uses } from '../library-context'
import { requireCollection } from './collections'

type Sharing = Uses<'collections' | 'shares' | 'people'> & Pick<Library, 'actor'>

/** Who a collection is shared with: people by name, then roles. */
export async function sharesOf(lib: Uses<'collections' | 'shares'>, collectionId: number): Promise<ShareRow[]> {
  await requireCollection(lib.catalog.repos, collectionId)
  return lib.catalog.repos.shares.of(collectionId)
}

/**
 * Shares a collection with a person or a role (recorded as shared by the actor); sharing again changes nothing. A role
 * that sees every asset anyway (editor, admin) is refused: the share would mean nothing.
 */
export async function shareCollection(
  lib: Sharing,
  collectionId: number,
  target: ShareTarget,
): Promise<{ shares: ShareRow[] }> {
  if ('role' in target && !mayBeLimited(target.role)) {
    throw new AppError('validation', `Every ${target.role} sees every asset: share with viewers or named people.`)
  }
  return lib.catalog.transaction(async (repos) => {
    await requireCollection(repos, collectionId)
    if ('personId' in target && !(await repos.people.get(target.personId))) {
      throw new AppError('not_found', `No person with id ${target.personId}.`)
    }
    await repos.shares.add(collectionId, target, lib.actor, new Date().toISOString())
    return { shares: await repos.shares.of(collectionId) }
  })
}

/** Stops sharing a collection with a person or a role; one it was not shared with is `not_found`. */
export async function unshareCollection(
  lib: Uses<'collections' | 'shares'>,
  collectionId: number,
  target: ShareTarget,
): Promise<{ shares: ShareRow[] }> {
  return lib.catalog.transaction(async (repos) => {
    await requireCollection(repos, collectionId)
    if (!(await repos.shares.remove(collectionId, target))) {
      const whom = 'personId' in target ? `person ${target.personId}` : `every ${target.role}`
      throw new AppError('not_found', `Collection ${collectionId} is not shared with ${whom}.`)
    }
    return { shares: await repos.shares.of(collectionId) }
  })
}
