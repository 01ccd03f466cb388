import type { ProcessingStep } from '../../../../shared/contract'
import { formatDateTime, plural } from '../../format'
import { processorTitle, settingWords } from '../processing/index'

/** What made a processing output: the processor, its settings in words (changed ones first), the input asset, when. */
export function ProcessingStepFacts({ step }: { step: ProcessingStep }) {
  const settings = settingWords(step.action, step.parameters)
  return (
    <>
      <h3>Made by processing</h3>
      <dl className="detail-facts" aria-label="Made by processing">
        <div>
          <dt>Step</dt>
          <dd>{processorTitle(step.action)}</dd>
        </div>
        <div>
          <dt>Settings</dt>
          <dd>
            {settings.length === 0 ? (
              <span className="muted">None recorded</span>
            ) : (
              <ul className="setting-list" aria-label="Settings">
                {settings.map((setting) => (
                  <li key={setting.label}>
                    {setting.label}: {setting.value}
                    {!setting.changed && <span className="muted"> (default)</span>}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Input</dt>
          <dd>
            {step.input.assetId ? (
              <a href={`#/asset/${encodeURIComponent(step.input.assetId)}`}>{step.input.name}</a>
            ) : (
              <>
                <code>{step.input.path}</code> <span className="muted">(no longer in the library)</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Ran</dt>
          <dd>
            {formatDateTime(step.ranAt)}
            {step.otherRuns > 0 && (
              <span className="muted"> · {plural(step.otherRuns, 'later run', 'later runs')} gave the same file</span>
            )}
          </dd>
        </div>
      </dl>
    </>
  )
}
