import { AppError } from '../../shared/errors'
import type { LocalLibrary } from '../services/library-context'
import type { CollectionChoice } from '../services/push/push-collections'
import { planPush, pushLibrary } from '../services/push/push-library'
import { planSummary, pushSummary } from '../services/push/push-words'
import type { RemoteBackend } from './remote-backend'

export const PUSH_USAGE = `  push --hub URL [--token T] [--library DIR] [--dry-run] [--collections all|none|NAME...]
                             send the library (--library, else the default) to a hub: the files it lacks, then
                             tags, ratings, notes, collections, cached analyses, processing runs,
                             stacks and workflows with their versions and runs; one JSON
                             summary. Run it again to finish a push that was cut off, or to send what is new:
                             what the hub has is skipped, and so is what was deleted or removed there.
                             --dry-run prints what it would send, add and skip, changing nothing;
                             --collections chooses the collections that go (default all; repeat it for more names)`

export const PUSH_OPTIONS = {
  'dry-run': { type: 'boolean' },
  collections: { type: 'string', multiple: true },
} as const

/** The push command's own options as parseArgs reads them. */
export type PushValues = { 'dry-run'?: boolean; collections?: string[] }

/**
 * `push`: the library to the hub, progress on `report`, the summary printed; exit status 1 when a file failed or the
 * hub refused a workflow. With --dry-run, the plan printed and nothing changed (exit status 0).
 */
export async function runPush(
  library: LocalLibrary,
  hub: RemoteBackend,
  values: PushValues,
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  const options = { progress: report, collections: collectionChoice(values.collections) }
  if (values['dry-run']) {
    const plan = await planPush(library, hub, options)
    print(plan)
    report(planSummary(plan))
    return 0
  }
  const pushed = await pushLibrary(library, hub, options)
  report(pushSummary(pushed))
  print(pushed)
  const { workflows, pipelines } = pushed.details
  return pushed.failed.length === 0 && workflows.refused.length === 0 && pipelines.refused.length === 0 ? 0 : 1
}

/** Refuses a push without a hub to send to. */
export function checkPushTarget(hub: string | undefined): string {
  if (hub === undefined)
    throw new AppError('validation', 'push sends a library to a hub: give --hub URL and --token T.')
  return hub
}

/** --collections as given: all (also when left out), none, or the names (each repeat of the option one more). */
function collectionChoice(given: string[] | undefined): CollectionChoice {
  if (given === undefined || (given.length === 1 && given[0] === 'all')) return 'all'
  if (given.length === 1 && given[0] === 'none') return 'none'
  if (given.includes('all') || given.includes('none')) {
    throw new AppError('validation', '--collections takes all, none, or collection names: not a mix of them.')
  }
  return given
}
