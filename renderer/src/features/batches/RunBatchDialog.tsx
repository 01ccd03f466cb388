import { useState } from 'react'
import type { ChannelInput } from '../../../../shared/contract'
import { useAppStore } from '../../app/use-app-store'
import { attempt } from '../../ui/attempt'
import { Overlay } from '../../ui/Overlay'
import { RunForm } from '../../ui/RunForm'
import { WORK_NAMES, workFields, workProblem, workRequest, workTitle } from './batch-work'
import { write } from '../../api/queries'

/** The assets a batch runs on, as batch:run takes them. */
export type BatchTargetInput = ChannelInput<'batch:run'>['target']

/**
 * Pick an analyzer or a processor, see and change its config, and run it over `target` as one batch
 * job; once started, says so and leads to the Jobs page, where its progress and outcomes are.
 */
export function RunBatchDialog({
  target,
  targetWords,
  onClose,
}: {
  target: BatchTargetInput
  /** What the target is, for people ("3 selected assets", "all 120 results"). */
  targetWords: string
  onClose(): void
}) {
  const navigate = useAppStore((s) => s.navigate)
  const [started, setStarted] = useState<string | null>(null)
  return (
    <Overlay label="Run on many assets" onClose={onClose} spaceCloses={false} className="run-batch">
      <RunForm
        title={`Run on ${targetWords}`}
        className="run-analysis run-batch-form"
        needs="batch:run"
        pickLabel="Work"
        names={WORK_NAMES}
        nameTitle={workTitle}
        fields={workFields}
        problem={workProblem}
        run={(name, config, force) =>
          attempt(async () => {
            const { job } = await write('batch:run', { work: workRequest(name, config, force), target })
            setStarted(job.title)
          })
        }
        resettable
      >
        <p className="field-hint">
          One job: each asset is answered from the cache when it can be; one the work does not fit is skipped, one that
          fails fails alone.
        </p>
      </RunForm>
      {started && (
        <p className="run-batch-started" role="status">
          Started “{started}”.{' '}
          <button type="button" className="primary" onClick={() => navigate('jobs')}>
            Open Jobs
          </button>
        </p>
      )}
      <div className="run-batch-close">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Overlay>
  )
}
