import { toJsonColumn } from '../../db/repos/cache-rows'
import { addTally } from './push-batches'
import { addCounts, type DetailsTarget, type PushedDetails } from './push-details'

// What links two pushed assets on the hub once both are there: the processing run that made one of the other, and
// the stack one stands in under the other's card.

// Runs sent in one call (the contract's most), and the longest parameters' JSON it takes.
const RUNS_PER_CALL = 100
const PARAMETERS_MAX_CHARS = 60_000

/**
 * Sends the processing runs of the library whose input and output are both on the hub now (`onHub`, every pushed
 * asset's hub id), as runs between the hub's assets; what the hub has is counted present.
 */
export async function pushProcessingRuns(
  { lib, hub }: Pick<DetailsTarget, 'lib' | 'hub'>,
  onHub: Map<string, string>,
  counts: PushedDetails['processing'],
): Promise<void> {
  const { media, processing } = lib.catalog.repos
  const hubIdAt = async (file: string) => {
    const asset = await media.byPath(file)
    return asset && onHub.get(asset.id)
  }
  const runs = []
  for (const run of await processing.listJobs(Number.MAX_SAFE_INTEGER)) {
    const [inputAssetId, outputAssetId] = [await hubIdAt(run.inputPath), await hubIdAt(run.outputPath)]
    if (!inputAssetId || !outputAssetId) continue
    const parameters = toJsonColumn(run.parameters)
    if (parameters !== null && parameters.length > PARAMETERS_MAX_CHARS) counts.tooLarge += 1
    else {
      const { action, configHash, inputHash, outputHash } = run
      runs.push({ inputAssetId, outputAssetId, action, configHash, inputHash, outputHash, parameters })
    }
  }
  for (let start = 0; start < runs.length; start += RUNS_PER_CALL) {
    const sent = await hub.call('processing:put', { runs: runs.slice(start, start + RUNS_PER_CALL) })
    addCounts(counts, sent)
  }
}

// Memberships read and sent at a time (the contract's most).
const STACKS_PER_CALL = 500

/** Sends the library's stacks whose member and head are both on the hub now, as stacks of the hub's assets. */
export async function pushStacks(
  { lib, hub }: Pick<DetailsTarget, 'lib' | 'hub'>,
  onHub: Map<string, string>,
  counts: PushedDetails['stacks'],
): Promise<void> {
  let after = ''
  for (;;) {
    const rows = await lib.catalog.repos.stacks.membershipsAfter(after, STACKS_PER_CALL)
    if (rows.length === 0) return
    after = rows.at(-1)!.memberId
    const stacks = rows.flatMap(({ memberId, headId, reason }) => {
      const [member, head] = [onHub.get(memberId), onHub.get(headId)]
      return member && head ? [{ memberId: member, headId: head, reason }] : []
    })
    if (stacks.length === 0) continue
    addTally(counts, await hub.call('stacks:put', { stacks }))
  }
}
