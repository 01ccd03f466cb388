import { useId, useState } from 'react'
import type { RunForm, RunSource } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { ErrorLine } from '../../ui/ErrorLine'
import { useAdminToAsk, useMayCall } from '../people/index'
import { Overlay } from '../../ui/Overlay'
import { RunInputsForm, type StartedRun } from './RunInputsForm'
import { RunProgress } from './RunProgress'
import type { Draft, SweepDraft } from './run-inputs'

/**
 * The run form of a source in a dialog: its inputs prefilled, why it cannot run (no API prompt, no
 * server set), then the started job's progress and outcome. The typed values outlive a run, so
 * "Change inputs" comes back to them.
 */
export function RunAgainDialog({ source, onClose }: { source: RunSource; onClose(): void }) {
  const titleId = useId()
  const form = useBackendQuery('comfy:run-form', source, { untracked: true })
  const [draft, setDraft] = useState<Draft>({})
  const [sweep, setSweep] = useState<SweepDraft>({ kind: 'none' })
  const [started, setStarted] = useState<StartedRun | null>(null)
  const data = form.data
  const maySetServer = useMayCall('comfy:set-server')
  const admin = useAdminToAsk()
  return (
    <Overlay labelledBy={titleId} onClose={onClose} spaceCloses={false} className="run-again">
      <header className="run-again-head">
        <div>
          <h2 id={titleId}>Run again{data ? `: ${data.workflowName}` : ''}</h2>
          {data && <SourceLine form={data} />}
        </div>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {form.isPending && <p className="empty">Reading the inputs…</p>}
      {form.error && <ErrorLine>{form.error.message}</ErrorLine>}
      {data &&
        (data.notRunnable !== null ? (
          <p className="run-again-why" role="status">
            Nothing to run: {data.notRunnable}
          </p>
        ) : data.server === null ? (
          <p className="run-again-why" role="status">
            No ComfyUI server is set, so nothing can run yet.{' '}
            {maySetServer ? (
              <>
                <a href="#/settings" onClick={onClose}>
                  Set your ComfyUI address in Settings
                </a>
                , then come back here.
              </>
            ) : (
              `Ask ${admin ?? 'an admin of this library'} to set the ComfyUI server in Settings.`
            )}
          </p>
        ) : started ? (
          <RunProgress started={started} onBack={() => setStarted(null)} onLeave={onClose} />
        ) : (
          <RunInputsForm
            form={data}
            source={source}
            draft={draft}
            onDraft={setDraft}
            sweep={sweep}
            onSweep={setSweep}
            onStarted={setStarted}
          />
        ))}
    </Overlay>
  )
}

function SourceLine({ form }: { form: RunForm }) {
  const run = form.sourceExecutionId
  return (
    <p className="muted run-again-source">
      {run ? (
        <>
          From run{' '}
          <a href={`#/execution/${encodeURIComponent(run)}`} title={run}>
            {shortRunId(run)}
          </a>
        </>
      ) : (
        'No run to start from'
      )}
      {form.server && ` · on ${form.server}`}
    </p>
  )
}

/** A run id short enough to read (ids are UUIDs or `sha256:` hashes); the whole id is the link's title. */
export function shortRunId(id: string): string {
  const bare = id.replace(/^sha256:/, '')
  return bare.length > 10 ? `${bare.slice(0, 8)}…` : bare
}
