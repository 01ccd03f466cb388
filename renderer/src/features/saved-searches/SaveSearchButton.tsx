import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../app/use-app-store'
import { attempt } from '../../ui/attempt'
import { useMayCall, useOnlyMe } from '../people/index'
import { SearchNameDialog } from './SearchNameDialog'
import { write } from '../../api/queries'

/** "Save search…": keeps the library view's words, filters and sort under a name, listed in the side navigation. */
export function SaveSearchButton({
  filters,
}: {
  /** How many filters are set (the toolbar counts them). */
  filters: number
}) {
  const { query, filter, sort } = useAppStore(
    useShallow((s) => ({ query: s.browse.query, filter: s.browse.filter, sort: s.browse.sort })),
  )
  const [open, setOpen] = useState(false)
  const maySave = useMayCall('searches:save')
  const { onlyMe, field: onlyMeField } = useOnlyMe()
  const owned = onlyMe === undefined ? {} : { private: onlyMe }
  const save = (replace: boolean) => (name: string) =>
    attempt(
      async () => void (await write('searches:save', { name, query: query.trim(), filter, sort, replace, ...owned })),
    )
  if (!maySave) return null
  return (
    <>
      <button type="button" aria-haspopup="dialog" data-needs="searches:save" onClick={() => setOpen(true)}>
        Save search…
      </button>
      {open && (
        <SearchNameDialog
          title="Save this search"
          submitLabel="Save"
          note={whatIsSaved(query, filters)}
          initial={query.trim()}
          onSubmit={save(false)}
          onReplace={save(true)}
          onClose={() => setOpen(false)}
        >
          {onlyMeField}
        </SearchNameDialog>
      )}
    </>
  )
}

/** The dialog's note: what the saved search keeps, and where it will be found. */
function whatIsSaved(query: string, filters: number): string {
  const words = query.trim() === '' ? [] : [`the words “${query.trim()}”`]
  const parts = [...words, filters === 1 ? '1 filter' : `${filters} filters`, 'the sort']
  return `Keeps ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}; it opens from the side navigation, under Library.`
}
