import type { BatchCounts, BatchOutcome, Job, JobResult } from '../../../../shared/contract'
import { unfinishedWords } from '../../ui/JobLine'

/** Words per outcome, in the order a list shows them (failures first). */
export const OUTCOME_WORDS: Record<BatchOutcome, string> = {
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
  ran: 'ran',
  cached: 'cached',
}

/** A batch's counts in words, failures first, leaving out the outcomes none reached. */
export function countsWords(counts: BatchCounts): string {
  const parts = (Object.keys(OUTCOME_WORDS) as BatchOutcome[])
    .filter((outcome) => counts[outcome] > 0)
    .map((outcome) => `${counts[outcome].toLocaleString()} ${OUTCOME_WORDS[outcome]}`)
  return parts.length === 0 ? 'nothing done' : parts.join(', ')
}

/** How an ended job of any kind ended, in words: a batch's or a hashing's counts, cancelled, failed, or done. */
export function jobOutcome(job: Job): string {
  const counts = countedWords(job)
  const unfinished = unfinishedWords(job)
  if (unfinished) return counts ? `${unfinished} Before that: ${counts}.` : unfinished
  if (counts) return `Done: ${counts}.`
  return 'Done.'
}

function countedWords(job: Job): string | null {
  if (job.kind === 'batch' && job.result) return countsWords(job.result.counts)
  if (job.kind === 'checkpoint-delete' && job.result)
    return `${job.result.deleted.toLocaleString()} checkpoints deleted`
  if (job.kind === 'push' && job.result) return pushWords(job.result)
  if (job.kind === 'thumbnails' && job.result) return thumbnailsWords(job.result)
  if (job.kind === 'sidecar-pairing' && job.result) return pairedWords(job.result.paired)
  if (job.kind === 'near-duplicate-set' && job.result)
    return job.result.assets === null
      ? 'up to date already'
      : `${plural(job.result.assets, 'asset')} with near-duplicates`
  if (job.kind !== 'similar-hash' || !job.result) return null
  const { hashed, failed } = job.result.counts
  return `${hashed.toLocaleString()} hashed${failed > 0 ? `, ${failed.toLocaleString()} could not be hashed` : ''}`
}

/** "3 made", or "2 made, 1 failed (the asset says why)". */
function thumbnailsWords({ made, failed }: JobResult<'thumbnails'>): string {
  const failures = failed > 0 ? `, ${failed.toLocaleString()} failed (the asset says why)` : ''
  return `${made.toLocaleString()} made${failures}`
}

/** "no sidecar PNGs found", "1 PNG stacked with its video", "3 PNGs stacked with their videos". */
function pairedWords(paired: number): string {
  if (paired === 0) return 'no sidecar PNGs found'
  return `${plural(paired, 'PNG')} stacked with ${paired === 1 ? 'its video' : 'their videos'}`
}

/** "1 PNG", "3 PNGs". */
function plural(count: number, noun: string): string {
  return `${count.toLocaleString()} ${noun}${count === 1 ? '' : 's'}`
}

/** What a push sent, found there and left: "3 sent, 2 on the hub already, 1 skipped as removed there". */
function pushWords({ sent, alreadyThere, failed, skipped }: JobResult<'push'>): string {
  const parts = [`${sent.toLocaleString()} sent`, `${alreadyThere.toLocaleString()} on the hub already`]
  if (failed > 0) parts.push(`${failed.toLocaleString()} failed`)
  if (skipped > 0) parts.push(`${skipped.toLocaleString()} skipped as removed there`)
  return parts.join(', ')
}

const KIND_WORDS: Record<Job['kind'], string> = {
  import: 'Import',
  analysis: 'Analysis',
  processing: 'Processing',
  verify: 'Verify',
  relink: 'Relink',
  'history-import': 'History import',
  batch: 'Batch',
  'similar-hash': 'Near-duplicate hashing',
  'comfy-run': 'ComfyUI run',
  'pipeline-run': 'Pipeline run',
  'pipeline-stage': 'Pipeline stage',
  'pipeline-text': 'Pipeline text stage',
  'checkpoint-delete': 'Checkpoint deletion',
  push: 'Send to team library',
  thumbnails: 'Thumbnails',
  'sidecar-pairing': 'Sidecar pairing',
  'near-duplicate-set': 'Near-duplicate upkeep',
}

/**
 * What kind of job it is, what a batch ran on, when it was queued, who asked for it, which try it is, and in a team
 * library (`shared`) where it runs or ran: tells two jobs of one title apart.
 */
export function jobMeta(job: Job, shared = false): string {
  const on =
    job.kind === 'batch' ? (job.params.target.by === 'ids' ? ' on selected assets' : ' on the results of a filter') : ''
  const parts = [`${KIND_WORDS[job.kind]}${on}`, `queued ${new Date(job.createdAt).toLocaleString()}`]
  if (job.requestedBy) parts.push(`by ${job.requestedBy}`)
  if (shared && job.worker && job.state !== 'queued') {
    parts.push(`${job.state === 'running' ? 'on' : 'ran on'} ${runnerWords(job.worker)}`)
  }
  if (job.attempts > 1) parts.push(`try ${job.attempts}`)
  return parts.join(' · ')
}

/** A runner's owner id (`host:pid:random`) as a person reads it: "render-2 (process 4242)". */
export function runnerWords(ownerId: string): string {
  const [host, pid] = ownerId.split(':')
  return pid ? `${host} (process ${pid})` : ownerId
}
