import { AppError } from '../../shared/errors'
import type { LocalLibrary } from '../app/library-context'
import { pushLibrary, type PushReport } from '../services/push/push-library'
import type { RemoteBackend } from './remote-backend'

export const PUSH_USAGE = `  push --hub URL [--token T] [--library DIR]
                             send the library (--library, else the default) to a hub: the files it lacks, then
                             tags, ratings, notes, collections, cached analyses, processing runs,
                             stacks and workflows with their versions and runs; one JSON
                             summary. Run it again to finish a push that was cut off, or to send what is new:
                             what the hub has is skipped`

/**
 * `push`: the library to the hub, progress on `report`, the summary printed; exit status 1 when a file failed or the
 * hub refused a workflow.
 */
export async function runPush(
  library: LocalLibrary,
  hub: RemoteBackend,
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  const pushed = await pushLibrary(library, hub, { progress: report })
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

function summary({ assets, sent, alreadyThere, failed, details }: PushReport): string {
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
    `${pipelines.tooLarge} too large, ${pipelines.refused.length} timeline(s) refused).`
  )
}
