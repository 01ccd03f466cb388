import { useEffect, useState } from 'react'
import type { SimilarGroup } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { api } from '../../api/index'
import { useAppStore } from '../../app/use-app-store'
import { formatBytes, plural } from '../../format'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { ErrorLine } from '../../ui/ErrorLine'
import { toErrorShape } from '../../ui/error-shape'
import { nonKeepers } from './similar-words'

// The most groups one `similar:groups` call answers.
const PAGE = 200

/**
 * "Resolve all with the preselection": reads every group (not only the page shown), says which assets
 * deleting the non-keepers removes and what it frees, then deletes them in one delete (one Undo).
 */
export function ResolveAllDialog({ keepers, onClose }: { keepers: Readonly<Record<string, string>>; onClose(): void }) {
  const deleteAssets = useAppStore((s) => s.deleteAssets)
  const [groups, setGroups] = useState<SimilarGroup[] | undefined>(undefined)
  const [error, setError] = useState<ErrorShape | undefined>(undefined)
  useEffect(() => {
    let current = true
    allGroups().then(
      (all) => current && setGroups(all),
      (failure: unknown) => current && setError(toErrorShape(failure)),
    )
    return () => {
      current = false
    }
  }, [])
  const doomed = groups ? nonKeepers(groups, keepers) : []
  const bytes = doomed.reduce((sum, asset) => sum + (asset.sizeBytes ?? 0), 0)
  const staying = groups ? groups.reduce((sum, group) => sum + group.members.length - 1, 0) - doomed.length : 0
  return (
    <ConfirmDialog
      title={groups ? `Delete ${plural(doomed.length, 'asset', 'assets')}?` : 'Resolve every group?'}
      confirmLabel="Delete all but the keepers"
      busyLabel="Deleting…"
      onConfirm={() => deleteAssets(doomed.map((asset) => asset.id))}
      onClose={onClose}
      ready={doomed.length > 0}
      testId="resolve-all-dialog"
    >
      {!groups && !error && <p aria-live="polite">Reading every group…</p>}
      {error && <ErrorLine>Could not read the groups: {error.message}</ErrorLine>}
      {groups && (
        <>
          <p data-testid="resolve-all-summary">
            {groups.length === 1
              ? 'Keeps the group’s keeper'
              : `Keeps the keeper of each of the ${groups.length} groups`}{' '}
            and deletes {plural(doomed.length, 'other asset', 'other assets')}, freeing {formatBytes(bytes)}
            {staying > 0 &&
              `; ${plural(staying, 'asset stays', 'assets stay')} (related by how they were made, or holding footage the keeper lacks)`}
            :
          </p>
          <ul className="resolve-all-names">
            {doomed.map((asset) => (
              <li key={asset.id}>{asset.name}</li>
            ))}
          </ul>
          <p className="dialog-note">Undo brings them back until the trash is emptied (Settings → Trash).</p>
        </>
      )}
    </ConfirmDialog>
  )
}

async function allGroups(): Promise<SimilarGroup[]> {
  const groups: SimilarGroup[] = []
  for (;;) {
    const page = await api['similar:groups']({ offset: groups.length, limit: PAGE })
    groups.push(...page.groups)
    if (page.groups.length === 0 || groups.length >= page.total) return groups
  }
}
