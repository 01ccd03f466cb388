import './people.css'
import { useState, type FormEvent } from 'react'
import { Role } from '../../../../shared/access'
import type { Person } from '../../../../shared/contract'
import { useBackendQuery, write } from '../../api/queries'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSaving } from '../../ui/use-saving'
import { ActivityList } from './ActivityList'
import { NewTokenNote } from './NewTokenNote'
import { PersonRow } from './PersonRow'
import { useSignedIn } from './use-signed-in'

/** A token just made, to show once, with the hub's address that signs its person in (null: this page's). */
export interface MadeToken {
  name: string
  token: string
  address: string | null
}

/**
 * Settings' People, for an admin of a team hub: everyone who may use the library with their role, adding someone
 * (their first token shown once), another token, a role changed, someone removed. Hidden elsewhere.
 */
export function PeopleSection() {
  const me = useSignedIn()
  const isAdmin = me?.role === 'admin'
  const people = useBackendQuery('people:list', isAdmin ? {} : null)
  const [made, setMade] = useState<MadeToken | null>(null)
  if (!isAdmin) return null
  const changed = async () => void (await people.refetch())

  return (
    <section className="people-settings" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      <p className="muted">
        Who may use this team library. A viewer looks; an editor also imports, organises, deletes to the trash and runs
        work; an admin also manages the library and its people.
      </p>
      {people.error && <ErrorLine>{people.error.message}</ErrorLine>}
      {made && <NewTokenNote {...made} onDone={() => setMade(null)} />}
      <ul className="people-list" aria-label="People">
        {people.data?.people.map((person: Person) => (
          <PersonRow key={person.id} person={person} isMe={person.id === me.id} onChanged={changed} onMade={setMade} />
        ))}
      </ul>
      <AddPersonForm onAdded={(token) => void changed().then(() => setMade(token))} />
      <ActivityList people={people.data?.people ?? []} />
    </section>
  )
}

function AddPersonForm({ onAdded }: { onAdded(made: MadeToken): void }) {
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('editor')
  const { busy, error, setError, save } = useSaving()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void save(async () => {
      const { person, token, address } = await write('people:add', { name: name.trim(), role })
      setName('')
      onAdded({ name: person.name, token, address })
    })
  }
  return (
    <form className="add-person-form" aria-label="Add a person" data-needs="people:add" onSubmit={submit}>
      <label htmlFor="add-person-name">Name</label>
      <input
        id="add-person-name"
        type="text"
        autoComplete="off"
        value={name}
        disabled={busy}
        onChange={(event) => {
          setName(event.target.value)
          setError(null)
        }}
      />
      <label htmlFor="add-person-role">Role</label>
      <select
        id="add-person-role"
        value={role}
        disabled={busy}
        onChange={(event) => setRole(event.target.value as Role)}
      >
        {Role.options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
        {busy ? 'Adding…' : 'Add person'}
      </button>
      {error && <ErrorLine>{error}</ErrorLine>}
    </form>
  )
}
