import type { ComparedRun } from './compare-rows'

/** A run's column head: "Run 2" (its place in the comparison), linking to its page, and its id. */
export function RunName({ run, index }: { run: ComparedRun; index: number }) {
  return (
    <span className="rc-run-name">
      <a href={`#/execution/${encodeURIComponent(run.id)}`}>Run {index + 1}</a>{' '}
      <span className="rc-run-id" title={run.id}>
        {run.id}
      </span>
    </span>
  )
}
