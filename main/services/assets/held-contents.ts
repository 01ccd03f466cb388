import type { ChannelOutput } from '../../../shared/contract'
import type { Uses } from '../library-context'

/** Which of these contents the library holds, as which asset (in the order asked); a content none holds is left out. */
export async function heldContents(
  lib: Uses<'media'>,
  hashes: readonly string[],
): Promise<ChannelOutput<'media:held'>> {
  const held = await lib.catalog.repos.media.idsWithHashes(hashes)
  return { assets: [...new Set(hashes)].flatMap((hash) => (held.has(hash) ? [{ hash, id: held.get(hash)! }] : [])) }
}
