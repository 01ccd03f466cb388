import type { ChannelOutput } from '../../../shared/contract'
import type { Uses } from '../library-context'

type Lib = Uses<'removals'>

/**
 * What was removed here from these contents (their tags, their places in collections, the contents themselves), and
 * every collection deleted here, with who did it and when: what a push must not send back (issue 64 point 2).
 */
export async function removedFrom(lib: Lib, hashes: readonly string[]): Promise<ChannelOutput<'media:removed'>> {
  const rows = await lib.catalog.repos.removals.of([...new Set(hashes)])
  const answer: ChannelOutput<'media:removed'> = { assets: [], tags: [], members: [], collections: [] }
  for (const { kind, hash, name, by, at } of rows) {
    if (kind === 'asset') answer.assets.push({ hash, by, at })
    else if (kind === 'tag') answer.tags.push({ hash, tag: name, by, at })
    else if (kind === 'member') answer.members.push({ hash, collection: name, by, at })
    else answer.collections.push({ name, by, at })
  }
  return answer
}
