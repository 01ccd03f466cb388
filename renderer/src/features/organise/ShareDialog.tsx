import { useId, useState } from 'react'
import { Role, mayBeLimited } from '../../../../shared/access'
import type { Collection, CollectionShare, Person, ShareTarget } from '../../../../shared/contract'
import { useBackendQuery, useWrite } from '../../api/queries'
import { attempt } from '../../ui/attempt'
import { ErrorLine } from '../../ui/ErrorLine'
import { Overlay } from '../../ui/Overlay'
import { useMayCall } from '../people/index'

const NO_PEOPLE: Person[] = []

/**
 * "Share…" of a collection (issue 60 point 3), for an admin or an editor: whom it is shared with (people and
 * roles), sharing it with a person or a role, and removing a share. Says who is limited to shared collections
 * (they see only what is shared with them). The people are listed for an admin (the hub lists them to admins only);
 * an editor shares with roles and removes any share.
 */
export function ShareDialog({ collection, onClose }: { collection: Collection; onClose(): void }) {
  const titleId = useId()
  const collectionId = collection.id
  const shares = useBackendQuery('collections:shares', { collectionId })
  const mayListPeople = useMayCall('people:list')
  const people = useBackendQuery('people:list', mayListPeople ? {} : null).data?.people ?? NO_PEOPLE
  const share = useWrite('collections:share')
  const unshare = useWrite('collections:unshare')
  const [error, setError] = useState<string | null>(null)
  const change = async (step: () => Promise<unknown>) =>
    setError((await attempt(async () => void (await step())))?.message ?? null)
  const list = shares.data?.shares ?? []
  const limited = people.filter((person) => person.scope === 'shared')
  return (
    <Overlay labelledBy={titleId} onClose={onClose} spaceCloses={false} className="dialog share-dialog">
      <div data-testid="share-dialog">
        <h2 id={titleId}>Share “{collection.name}”</h2>
        {shares.error && <ErrorLine>Its shares could not be read: {shares.error.message}</ErrorLine>}
        <h3>Shared with</h3>
        {shares.data && list.length === 0 && <p className="muted">Nobody yet: only those who see everything see it.</p>}
        <ul className="share-list" aria-label="Shared with">
          {list.map((one) => (
            <li key={one.personId ?? one.role}>
              <span>{shareWords(one, people)}</span>
              <button
                type="button"
                data-needs="collections:unshare"
                aria-label={`Stop sharing with ${one.personName ?? `every ${one.role}`}`}
                onClick={() => void change(() => unshare({ collectionId, with: targetOf(one) }))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <AddShare
          people={people}
          shared={list}
          onShare={(target) => change(() => share({ collectionId, with: target }))}
        />
        {error && <ErrorLine>{error}</ErrorLine>}
        <h3>Limited to shared collections</h3>
        {mayListPeople ? (
          limited.length === 0 ? (
            <p className="muted">Nobody: everyone here sees the whole library.</p>
          ) : (
            <ul className="share-limited" aria-label="Limited to shared collections">
              {limited.map((person) => (
                <li key={person.id}>
                  {person.name} <span className="muted">({person.role})</span>
                </li>
              ))}
            </ul>
          )
        ) : (
          <p className="muted">An admin sees who is limited (Settings → People) and can share with one person.</p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Overlay>
  )
}

/** Choosing a person (those listed) or a role not yet shared with, and sharing with them. */
function AddShare(props: {
  people: readonly Person[]
  shared: readonly CollectionShare[]
  onShare(target: ShareTarget): Promise<void>
}) {
  const { people, shared, onShare } = props
  const [choice, setChoice] = useState('')
  const pickId = useId()
  const openPeople = people.filter((person) => !shared.some((one) => one.personId === person.id))
  // Editors and admins see every asset: a share with their role would change nothing (the hub refuses it).
  const openRoles = Role.options.filter((role) => mayBeLimited(role) && !shared.some((one) => one.role === role))
  const submit = async () => {
    const [kind, value] = choice.split(':')
    await onShare(kind === 'person' ? { personId: Number(value) } : { role: Role.parse(value) })
    setChoice('')
  }
  return (
    <form
      className="share-add"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <label htmlFor={pickId}>Share with</label>
      <select id={pickId} value={choice} onChange={(event) => setChoice(event.target.value)}>
        <option value="">Choose a person or a role…</option>
        {openPeople.length > 0 && (
          <optgroup label="People">
            {openPeople.map((person) => (
              <option key={person.id} value={`person:${person.id}`}>
                {person.name} ({person.role}
                {person.scope === 'shared' ? ', sees only shared collections' : ''})
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="Roles">
          {openRoles.map((role) => (
            <option key={role} value={`role:${role}`}>
              Every {role}
            </option>
          ))}
        </optgroup>
      </select>
      <button type="submit" disabled={choice === ''} data-needs="collections:share">
        Share
      </button>
    </form>
  )
}

/** "Cleo (commenter, sees only shared collections)" or "Every viewer". */
function shareWords(one: CollectionShare, people: readonly Person[]): string {
  if (one.personId === null) return `Every ${one.role}`
  const person = people.find((candidate) => candidate.id === one.personId)
  const name = one.personName ?? `Person ${one.personId}`
  if (!person) return name
  return `${name} (${person.role}${person.scope === 'shared' ? ', sees only shared collections' : ''})`
}

function targetOf(one: CollectionShare): ShareTarget {
  return one.personId !== null ? { personId: one.personId } : { role: one.role! }
}
