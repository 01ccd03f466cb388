import { HealthItemList, itemsWith } from './HealthItemList'
import { HealthJobState } from './HealthJobState'
import { BusyButton } from '../../ui/BusyButton'
import { useHealthJob } from './use-health-job'
import { write } from '../../api/queries'

/** "Verify library": re-hashes every asset's file, with progress and Cancel, then says what it found. */
export function VerifyPanel() {
  const view = useHealthJob('verify')
  const unreadable = itemsWith(view.items, 'failed', 'skipped')

  return (
    <article className="health-panel" aria-labelledby="verify-title" data-testid="verify-panel">
      <h3 id="verify-title">Verify files</h3>
      <p className="health-help">
        Reads every asset’s file again and compares it with the checksum taken at import: files that are gone are
        flagged missing, files whose bytes differ are flagged changed.
      </p>
      <BusyButton
        busy={view.active || view.starting}
        className="primary"
        onClick={() => void view.start(() => write('health:verify', {}))}
      >
        Verify library
      </BusyButton>
      <HealthJobState name="Verify" view={view}>
        {unreadable.length > 0 && (
          <HealthItemList items={unreadable} label="Files that could not be checked" testId="verify-unreadable" />
        )}
      </HealthJobState>
    </article>
  )
}
