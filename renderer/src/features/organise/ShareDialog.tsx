import { useId, useState } from 'react'
import { Role, mayBeLimited } from '../../../../shared/access'
import type { Collection, CollectionShare, NamedPerson, Person, ShareTarget } from '../../../../shared/contract'
import { useBackendQuery, useWrite } from '../../api/queries'
import { attempt } from '../../ui/attempt'
import { DialogDone } from '../../ui/DialogDone'
import { ErrorLine } from '../../ui/ErrorLine'
import { Overlay } from '../../ui/Overlay'
import { useMayCall } from '../people/index'

const NO_PEOPLE: Person[] = []
const NO_NAMES: NamedPerson[] = []

/**
 * "Share…" of a collection (issue 60 point 3), for an admin or an editor: whom it is shared with (people and
 * roles), sharing it with a person or a role, and removing a share. Both pick people by name and role
 * (`people:names`); an admin also reads who is limited to shared collections (they see only what is shared with
 * them), which the hub tells admins alone.
 */
export function ShareDialog({ collection, onClose }: { collection: Collection; onClose(): void }) {
  const titleId = useId()
  const collectionId = collection.id
  const shares = useBackendQuery('collections:shares', { collectionId })
  const named = useBackendQuery('people:names', {}).data?.people ?? NO_NAMES
  const mayListPeople = useMayCall('people:list')
  const people = useBackendQuery('people:list', mayListPeople ? {} : null).data?.people ?? NO_PEOPLE
  const share = useWrite('collections:share')
  const unshare = useWrite('collections:unshare')
  const [error, setError] = useState<string | null>(null)
  const change = async (step: () => Promise<unknown>) =>
    setError((await attempt(async () => void (await step())))?.message ?? null)
  const list = shares.data?.shares ?? []
  const limited = people.filter((person) => person.scope === 'shared')
  const limitedIds = new Set(limited.map((person) => person.id))
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
              <span>{shareWords(one, named, limitedIds)}</span>
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
          people={named}
          limited={limitedIds}
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
          <p className="muted">An admin sees who is limited (Settings → People).</p>
        )}
        <DialogDone onDone={onClose} />
      </div>
    </Overlay>
  )
}

/** Choosing a person or a role not yet shared with, and sharing with them. */
function AddShare(props: {
  people: readonly NamedPerson[]
  /** Who is limited to shared collections, where the reader may know it (an admin). */
  limited: ReadonlySet<number>
  shared: readonly CollectionShare[]
  onShare(target: ShareTarget): Promise<void>
}) {
  const { people, limited, shared, onShare } = props
  const [choice, setChoice] = useState('')
  const pickId = useId()
  // Editors and admins see every asset: a share with them or their role would change nothing (the hub refuses a
  // role's).
  const openPeople = people.filter(
    (person) => mayBeLimited(person.role) && !shared.some((one) => one.personId === person.id),
  )
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
                {personWords(person, limited)}
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
function shareWords(one: CollectionShare, people: readonly NamedPerson[], limited: ReadonlySet<number>): string {
  if (one.personId === null) return `Every ${one.role}`
  const person = people.find((candidate) => candidate.id === one.personId)
  if (person) return personWords(person, limited)
  return one.personName ?? `Person ${one.personId}`
}

/** "Cleo (commenter)", with ", sees only shared collections" where the reader knows she does. */
function personWords(person: NamedPerson, limited: ReadonlySet<number>): string {
  return `${person.name} (${person.role}${limited.has(person.id) ? ', sees only shared collections' : ''})`
}

function targetOf(one: CollectionShare): ShareTarget {
  return one.personId !== null ? { personId: one.personId } : { role: one.role! }
}
