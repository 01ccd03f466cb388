import type { PushPlan, PushReport } from './push-library'

// A push's summary lines, the same for the CLI and the app's "Send to team library…".

/** What a push did, in one sentence. */
export function pushSummary({ assets, sent, alreadyThere, failed, skipped, details }: PushReport): string {
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

/** What a push would do (a dry run), in one sentence. */
export function planSummary({
  assets,
  send,
  alreadyThere,
  failed,
  tags,
  collections,
  skipped,
  renamed,
}: PushPlan): string {
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
