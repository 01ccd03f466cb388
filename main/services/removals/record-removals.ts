import type { CatalogRepos } from '../../db/catalog'
import type { RemovalKind } from '../../db/repos/removals'

type Repos = Pick<CatalogRepos, 'removals'>

/** What a removal names: the assets whose contents it took something from (none for a collection), and the name. */
interface Removed {
  assetIds?: readonly string[]
  name?: string
}

/**
 * Records, in the caller's transaction, that `by` removed something now (issue 64 point 2): these assets' contents
 * (`asset`), a tag off them (`tag`, the tag's `name`), their places in a collection (`member`, its `name`), or a
 * collection (`collection`, its `name`). Called before the assets' rows go: their contents are read from them.
 */
export async function recordRemoval(repos: Repos, by: string, kind: RemovalKind, removed: Removed): Promise<void> {
  const hashes = await repos.removals.contentsOf(removed.assetIds ?? [])
  await repos.removals.record({ kind, hashes, name: removed.name }, by, new Date().toISOString())
}

/**
 * Forgets a removal that was undone, in the caller's transaction: these assets are back (`asset`), the tag is on them
 * again, they are in the collection again, or a collection of the name was made again. Called once their rows are in.
 */
export async function forgetRemoval(repos: Repos, kind: RemovalKind, removed: Removed): Promise<void> {
  const hashes = await repos.removals.contentsOf(removed.assetIds ?? [])
  await repos.removals.forget({ kind, hashes, name: removed.name })
}
