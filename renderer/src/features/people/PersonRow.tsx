import { useState } from 'react'
import { Role } from '../../../../shared/access'
import type { Person } from '../../../../shared/contract'
import { useBackendQuery, write } from '../../api/queries'
import { formatDateTime, plural } from '../../format'
import { attempt } from '../../ui/attempt'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { toErrorShape } from '../../ui/error-shape'
import { ErrorLine } from '../../ui/ErrorLine'
import { shownValue, throwRefusal, useBasedSave, type BasedOutcome, type BasedSave } from '../../ui/use-based-save'
import { useSaving } from '../../ui/use-saving'
import type { MadeToken } from './PeopleSection'
import { RenamePersonForm } from './RenamePersonForm'

/** One person: their name and role (to change), their tokens (to list, add, revoke), Remove after a question. */
export function PersonRow({
  person,
  isMe,
  onChanged,
  onMade,
}: {
  person: Person
  isMe: boolean
  onChanged(): Promise<void>
  onMade(made: MadeToken): void
}) {
  const [showTokens, setShowTokens] = useState(false)
  const [removing, setRemoving] = useState(false)
  const [renaming, setRenaming] = useState(false)
  const { busy, error, save } = useSaving()
  const labelId = `person-${person.id}`
  // The role as listed is what a change is made from: another admin's change since is shown, not overwritten.
  const roleSave = useBasedSave(person.roleVersion)
  const [chosenRole, setChosenRole] = useState<Role>(person.role)

  const setRole = (role: Role, how: (save: BasedSave) => Promise<BasedOutcome>) => {
    setChosenRole(role)
    return save(async () => {
      const stored: BasedSave = (baseVersion) =>
        attempt(async () => void (await write('people:set-role', { id: person.id, role, baseVersion })))
      throwRefusal(await how(stored))
    }).then(onChanged)
  }
  const newToken = () =>
    save(async () => {
      const { token, address } = await write('people:issue-token', { id: person.id, label: 'issued in the app' })
      onMade({ name: person.name, token, address })
      await onChanged()
    })

  return (
    <li className="person" data-testid="person">
      <span className="person-name" id={labelId}>
        {person.name}
        {isMe && <span className="muted"> (you)</span>}
      </span>
      <button type="button" aria-describedby={labelId} aria-expanded={renaming} onClick={() => setRenaming(!renaming)}>
        Rename
      </button>
      <select
        aria-label={`${person.name}’s role`}
        value={person.role}
        disabled={busy}
        onChange={(event) =>
          void setRole(event.target.value as Role, (stored) => roleSave.submitFrom(person.roleVersion, stored))
        }
      >
        {Role.options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
      <button type="button" aria-expanded={showTokens} onClick={() => setShowTokens(!showTokens)}>
        {plural(person.activeTokens, 'token', 'tokens')}
      </button>
      <button type="button" disabled={busy} aria-describedby={labelId} onClick={() => void newToken()}>
        New token
      </button>
      <button type="button" className="danger" aria-describedby={labelId} onClick={() => setRemoving(true)}>
        Remove
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
      {roleSave.theirs && (
        <ConflictNotice
          noun="role"
          theirs={{ ...roleSave.theirs, value: shownValue(roleSave.theirs.value) }}
          mine={chosenRole}
          onKeepMine={() => void setRole(chosenRole, roleSave.keepMine)}
          onTakeTheirs={roleSave.dismiss}
        />
      )}
      {renaming && (
        <RenamePersonForm
          person={person}
          onDone={async (renamed) => {
            if (renamed) await onChanged()
            setRenaming(false)
          }}
        />
      )}
      {showTokens && <TokenList person={person} onChanged={onChanged} />}
      {removing && (
        <ConfirmDialog
          title={`Remove ${person.name}?`}
          confirmLabel="Remove"
          busyLabel="Removing…"
          onClose={() => setRemoving(false)}
          onConfirm={async () => {
            try {
              await write('people:remove', { id: person.id })
              await onChanged()
              return undefined
            } catch (failure) {
              return toErrorShape(failure)
            }
          }}
        >
          <p>
            {person.name} and their tokens go: they can no longer sign in. What they imported, tagged or deleted stays,
            recorded under their name.
          </p>
        </ConfirmDialog>
      )}
    </li>
  )
}

function TokenList({ person, onChanged }: { person: Person; onChanged(): Promise<void> }) {
  const tokens = useBackendQuery('people:tokens', { id: person.id })
  const { busy, error, save } = useSaving()
  const revoke = (tokenId: number) =>
    save(async () => {
      await write('people:revoke-token', { id: person.id, tokenId })
      await Promise.all([tokens.refetch(), onChanged()])
    })
  return (
    <ul className="person-tokens" aria-label={`${person.name}’s tokens`}>
      {tokens.error && <ErrorLine>{tokens.error.message}</ErrorLine>}
      {error && <ErrorLine>{error}</ErrorLine>}
      {tokens.data?.tokens.map((token) => (
        <li key={token.id} data-testid="person-token">
          <span>{token.label}</span>
          <span className="muted">
            made {formatDateTime(token.createdAt)} ·{' '}
            {token.lastUsedAt ? `last used ${formatDateTime(token.lastUsedAt)}` : 'never used'}
          </span>
          {token.revokedAt ? (
            <span className="muted">revoked {formatDateTime(token.revokedAt)}</span>
          ) : (
            <button type="button" disabled={busy} onClick={() => void revoke(token.id)}>
              Revoke
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}
