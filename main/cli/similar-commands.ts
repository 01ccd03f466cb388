import type { SimilarGroup } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs } from './cli-args'
import { followJob } from './run-job'

/** Options of the similar commands, merged into the CLI's parseArgs options. */
export const SIMILAR_OPTIONS = { 'min-share': { type: 'string' } } as const

export const SIMILAR_USAGE = `  similar hash               hash the frames of every asset not hashed yet (continues a stopped job):
                             progress as JSON lines on stderr, then the job's counts. Ctrl+C cancels
                             (what was hashed is kept)
  similar ls [--min-share S] one JSON line per group of near-duplicates, largest first: members with
                             their relation and shares (links matched less than S, 0–1, left out)
  similar show <id>          the asset's near-duplicates as JSON, most matched first
  similar dismiss <a> <b>    record that two assets are not duplicates (they never group again)`

const PAGE = 200

/** Runs `similar <verb> ...`; resolves to the exit status. */
export async function runSimilarCommand(
  backend: CliBackend,
  args: string[],
  values: { 'min-share'?: string },
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  const [verb, ...rest] = args
  if (verb === 'hash') {
    expectArgs('similar hash', rest, { min: 0, max: 0, needs: 'no arguments' })
    const job = await followJob(backend, 'similar:hash-all', {}, report)
    print(job.state === 'done' ? job.result : { job })
    return job.state === 'done' ? 0 : 1
  }
  if (verb === 'ls') {
    expectArgs('similar ls', rest, { min: 0, max: 0, needs: 'no arguments' })
    const minShare = values['min-share'] === undefined ? 0 : Number(values['min-share'])
    for (let offset = 0; ; offset += PAGE) {
      const { groups, total } = await backend.call('similar:groups', { minShare, offset, limit: PAGE })
      groups.forEach((group) => print(groupLine(group)))
      if (offset + PAGE >= total) return 0
    }
  }
  if (verb === 'show') {
    expectArgs('similar show', rest, { min: 1, max: 1, needs: 'an asset id' })
    print(await backend.call('similar:of', { id: rest[0] }))
    return 0
  }
  if (verb === 'dismiss') {
    expectArgs('similar dismiss', rest, { min: 2, max: 2, needs: 'two asset ids' })
    print(await backend.call('similar:dismiss', { a: rest[0], b: rest[1] }))
    return 0
  }
  throw new AppError(
    'validation',
    `Unknown similar command "${verb ?? ''}": hash, ls, show or dismiss.\n\n${SIMILAR_USAGE}`,
  )
}

/** A group as one line: why its keeper, its members by id and name, each with how it ties in and what it holds. */
function groupLine(group: SimilarGroup) {
  return {
    anchor: group.anchor,
    keeperWhy: group.keeperWhy,
    bytesFreed: group.bytesFreed,
    members: group.members.map(({ asset, link, keeper, relatedBy, contains }) => ({
      id: asset.id,
      name: asset.name,
      keeper,
      ...(relatedBy && { relatedBy }),
      ...(contains.length > 0 && { contains: contains.map((inside) => inside.assetId) }),
      ...(link && {
        relation: link.relation,
        to: link.to,
        shareOfMember: round(link.shareOfMember),
        shareOfOther: round(link.shareOfOther),
      }),
    })),
  }
}

const round = (share: number) => Math.round(share * 1000) / 1000
