import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  PUSH_PREVIEW_LISTED,
  PushParams,
  PushResult,
  type JobOf,
  type PushRequest,
  type PushPreview,
} from '../../../shared/contract'
import { mayCall } from '../../../shared/access'
import { AppError } from '../../../shared/errors'
import type { Library, LocalLibrary } from '../library-context'
import { jobHandler } from '../../jobs/job-handler'
import { planPush, pushLibrary } from './push-library'
import { pushSummary } from './push-words'
import { signedInAt, type TeamHub } from './team-hub'

type PushLib = Pick<Library, 'sqlite' | 'teamHub'>

// A push job's token stays in this process's memory, never in the jobs table (or a backup of it): the job names it
// by a reference of its own. A job whose process ended before it ran has no token: it asks to be sent again.
const tokens = new Map<string, string>()
const StoredParams = PushParams.extend({ tokenRef: z.uuid() })

/**
 * What "Send to team library…" would send, changing nothing: the plan of a dry run, named for a person (the first
 * few of each list, the rest counted), with the team library's name there.
 */
export async function previewPush(lib: PushLib, request: PushRequest): Promise<PushPreview> {
  const { origin, hub } = await reachTeam(lib, request)
  const plan = await planPush(ownLibrary(lib), hub, { collections: request.collections })
  const { name } = await hub.call('library:info', {})
  const first = <T>(items: T[]) => items.slice(0, PUSH_PREVIEW_LISTED)
  return {
    origin,
    library: name,
    assets: plan.assets,
    send: plan.send.length,
    sendNames: first(plan.send.map((asset) => asset.name)),
    alreadyThere: plan.alreadyThere,
    failed: first(plan.failed),
    tags: plan.tags.length,
    places: plan.collections.reduce((sum, one) => sum + one.add.length, 0),
    collectionsMade: first(plan.collections.filter((one) => one.create).map((one) => one.as)),
    renamed: first(plan.renamed),
    skipped: first(plan.skipped),
    skippedCount: plan.skipped.length,
  }
}

/** Starts sending the library to a team library as a job: progress and cancel as any job's, its end in words. */
export async function startPush(
  lib: PushLib & Pick<Library, 'jobs'>,
  request: PushRequest,
): Promise<{ job: JobOf<'push'> }> {
  const { origin } = await reachTeam(lib, request)
  const tokenRef = randomUUID()
  tokens.set(tokenRef, request.token)
  const params = { origin, collections: request.collections, tokenRef }
  const job = await lib.jobs.start('push', params, { title: `Send this library to ${origin}` })
  return { job: job as JobOf<'push'> }
}

/** The push job: the library sent to the team library, a line of progress a step, cancelled between two steps. */
export const pushJobHandler = jobHandler({
  kind: 'push',
  params: StoredParams,
  result: PushResult,
  retryable: false,
  runs: 'starter',
  rerunnable: false,
  async run(lib: PushLib, params, context): Promise<PushResult> {
    const token = tokens.get(params.tokenRef)
    if (token === undefined) {
      throw new AppError('validation', 'Framevault restarted since this was asked for: send to the team library again.')
    }
    const { hub } = lib.teamHub(params.origin, token, `push:${randomUUID()}`)
    let steps = 0
    try {
      const report = await pushLibrary(ownLibrary(lib), hub, {
        collections: params.collections,
        signal: context.signal,
        // A push does not know its length ahead: each step moves the bar a little, never to its end.
        progress: (line) => context.progress(1 - 1 / (1 + ++steps / 50), line),
      })
      const { assets, sent, alreadyThere, failed, skipped } = report
      const summary = pushSummary(report)
      return { assets, sent, alreadyThere, failed: failed.length, skipped: skipped.length, summary }
    } finally {
      tokens.delete(params.tokenRef)
    }
  },
})

/** The team library the request names, its token taken there by someone who may add files. */
async function reachTeam(lib: PushLib, request: PushRequest): Promise<TeamHub> {
  ownLibrary(lib)
  const team = lib.teamHub(request.address, request.token)
  const person = await signedInAt(team)
  if (person && !mayCall(person.role, 'media:import-uploads')) {
    throw new AppError(
      'forbidden',
      `${person.name} is a ${person.role} of ${team.origin}: only editors and admins can send files there.`,
    )
  }
  return team
}

/** The library as a push reads it: a person's own (a hub sends nothing on). */
function ownLibrary(lib: Pick<Library, 'sqlite'>): LocalLibrary {
  if (!lib.sqlite) throw new AppError('unsupported', 'A team library is not sent on: send a library of your own to it.')
  return lib as LocalLibrary
}
