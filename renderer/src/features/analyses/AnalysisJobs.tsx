import type { JobOf } from '../../../../shared/contract'
import { JobLine, unfinishedWords } from '../../ui/JobLine'
import type { AnalysesView } from './use-analyses'

/** This asset's analysis runs: progress while they run, then how each ended, in words. */
export function AnalysisJobs({ view }: { view: AnalysesView }) {
  if (view.jobs.length === 0) return null
  return (
    <ul className="analysis-jobs" aria-label="Analysis runs">
      {view.jobs.map((tracked) => (
        <JobLine
          key={tracked.job.id}
          item
          tracked={tracked}
          onCancel={() => void view.cancel(tracked.job.id)}
          outcome={outcome}
        />
      ))}
    </ul>
  )
}

/** How a finished job ended: cached (no ffmpeg ran), what it found, cancelled, or why it failed. */
function outcome(job: JobOf<'analysis'>): string {
  const unfinished = unfinishedWords(job)
  if (unfinished) return unfinished
  const result = job.result
  const found = Array.isArray(result?.analysis.ranges) ? result.analysis.ranges.length : null
  const counted = found === null ? '' : ` ${found} ${found === 1 ? 'range' : 'ranges'}.`
  if (!result?.cached) return `Done.${counted}`
  const where = result.matchedBy === 'content' ? ' (same content elsewhere)' : ''
  return `Cached${where}: answered from the cache, no ffmpeg ran.${counted}`
}
