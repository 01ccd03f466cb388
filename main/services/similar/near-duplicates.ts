import type { SimilarRepo } from '../../db/repos/similar'
import { framesFromBlob } from '../../similar/frame-blob'
import type { AssetPair } from '../../similar/similar-groups'
import { startSimilarIndex, type SimilarIndexClient } from '../../similar/similar-index-client'
import type { AssetCandidate } from '../../similar/similar-index-protocol'
import { HASH_CONFIG_HASH } from './hash-config'

/**
 * A library's near-duplicate index: the stored frame hashes in the index's worker thread, brought up to
 * date before each question (assets hashed since are added, deleted ones removed), and every related pair
 * of assets kept until the index changes. Questions run one at a time, in order.
 */
export function createNearDuplicates(repo: SimilarRepo, start: () => SimilarIndexClient = startSimilarIndex) {
  let client: SimilarIndexClient | null = null
  const indexed = new Set<string>()
  let pairs: AssetPair[] | null = null
  let queue: Promise<unknown> = Promise.resolve()
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work)
    queue = next.catch(() => {})
    return next
  }
  const framesOf = async function* (ids: readonly string[]) {
    for await (const row of repo.framesOf(HASH_CONFIG_HASH, ids))
      yield { assetId: row.id, frames: framesFromBlob(row.frames) }
  }
  /** The index as the database stands; true when it changed. */
  const sync = async (index: SimilarIndexClient): Promise<boolean> => {
    const ids = await repo.hashedIds(HASH_CONFIG_HASH)
    const wanted = new Set(ids)
    const gone = [...indexed].filter((id) => !wanted.has(id))
    const fresh = ids.filter((id) => !indexed.has(id))
    for (const id of gone) {
      await index.remove(id)
      indexed.delete(id)
    }
    if (indexed.size === 0 && fresh.length > 0) await index.rebuild(framesOf(fresh))
    else for await (const { assetId, frames } of framesOf(fresh)) await index.add(assetId, frames)
    fresh.forEach((id) => indexed.add(id))
    return gone.length + fresh.length > 0
  }
  const ready = async (): Promise<SimilarIndexClient> => {
    client ??= start()
    if (await sync(client)) pairs = null
    return client
  }
  return {
    /** Every related pair of hashed assets (shares, relation, matched stretches). */
    pairs(): Promise<AssetPair[]> {
      return inTurn(async () => {
        const index = await ready()
        pairs ??= await index.pairs()
        return pairs
      })
    },
    /** The hashed assets that share frames with this one, with shares and relation (none when it is not hashed). */
    of(assetId: string): Promise<AssetCandidate[]> {
      return inTurn(async () => {
        const index = await ready()
        return indexed.has(assetId) ? index.query(assetId) : []
      })
    },
    /** Stops the worker. */
    close(): Promise<void> {
      return inTurn(async () => {
        await client?.close()
        client = null
        indexed.clear()
        pairs = null
      })
    },
  }
}
export type NearDuplicates = ReturnType<typeof createNearDuplicates>
