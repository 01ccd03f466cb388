import { AppError } from '../../shared/errors'
import type { LocalLibrary } from '../app/library-context'
import type { CollectionChoice } from '../services/push/push-collections'
import { planPush, pushLibrary, type PushPlan, type PushReport } from '../services/push/push-library'
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
  report(summary(pushed))
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

function summary({ assets, sent, alreadyThere, failed, skipped, details }: PushReport): string {
  const { collections, analyses, processing, workflows, pipelines } = details
  return (
    `Pushed ${assets} asset(s): ${sent} sent, ${alreadyThere} on the hub already, ${failed.length} failed; ` +
    `${details.tags} tag(s), ${details.ratings} rating(s), ${details.notes} note(s), ` +
    `${collections.added} collection membership(s) (${collections.created} collection(s) made), ` +
    `${analyses.added} analysis result(s) (${analyses.present} there already), ` +
    `${processing.added} processing run(s) (${processing.present} there already), ` +
    `${details.generation.added} generation detail(s), ${details.subtitles.added} subtitle track(s), ` +
    `${details.stacks.added} stacked file(s), ` +
    `${workflows.added} workflow(s) made (${workflows.present} there already, ${workflows.refused.length} refused) ` +
    `with ${workflows.definitions.added} definition(s), ${workflows.runs.added} run(s) and ` +
    `${workflows.associations.added} asset link(s); ` +
    `${pipelines.timelines.added} timeline(s) (${pipelines.timelines.present} there already) and ` +
    `${pipelines.checkpoints.added} checkpoint(s) (${pipelines.checkpoints.present} there already, ` +
    `${pipelines.tooLarge} too large, ${pipelines.refused.length} timeline(s) refused).` +
    skippedAndRenamed(skipped.length, collections.renamed, 'went')
  )
}

function planSummary({ assets, send, alreadyThere, failed, tags, collections, skipped, renamed }: PushPlan): string {
  const places = collections.reduce((sum, one) => sum + one.add.length, 0)
  const made = collections.filter((one) => one.create).length
  return (
    `Would push ${assets} asset(s): ${send.length} to send, ${alreadyThere} on the hub already, ` +
    `${failed.length} that cannot go; ${tags.length} tag(s) to give, ${places} collection membership(s) to add ` +
    `(${made} collection(s) to make). Nothing was changed.` +
    skippedAndRenamed(skipped.length, renamed, 'would go')
  )
}

/** The end of a summary line: what was skipped as removed on the hub, and the collections sent under another name. */
function skippedAndRenamed(skipped: number, renamed: Array<{ name: string; as: string }>, went: string): string {
  const skips = skipped === 0 ? '' : ` ${skipped} item(s) skipped as removed on the hub (listed above).`
  const names = renamed.map(({ name, as }) => ` "${name}" ${went} up as "${as}": the hub has a "${name}" of its own.`)
  return skips + names.join('')
}
