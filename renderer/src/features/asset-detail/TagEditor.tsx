import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import { api } from '../../api/index'
import { saveText, useSave } from './use-save'
import { write } from '../../api/queries'

const SUGGESTIONS = 8

/**
 * The asset's tags as chips with a remove button, and a field that adds one: suggestions from
 * `tags:list` as the user types (↑/↓ and Enter pick one), or a new tag created on the fly.
 */
export function TagEditor({ id, tags, editable }: { id: string; tags: string[]; editable: boolean }) {
  const [draft, setDraft] = useState('')
  // Kept with the prefix they answer, so an older answer never shows under newer typing.
  const [suggestions, setSuggestions] = useState<{ prefix: string; names: string[] }>({ prefix: '', names: [] })
  const [active, setActive] = useState(-1)
  // Suggestions show only while the field has focus; otherwise they would cover the fields below.
  const [focused, setFocused] = useState(false)
  const [state, save] = useSave()
  const listId = useId()

  useEffect(() => {
    const prefix = draft.trim()
    if (!prefix) return
    let current = true
    api['tags:list']({ prefix, limit: SUGGESTIONS + tags.length }).then(
      ({ tags: found }) => {
        if (!current) return
        const mine = new Set(tags.map((t) => t.toLowerCase()))
        const names = found.map((t) => t.name).filter((name) => !mine.has(name.toLowerCase()))
        setSuggestions({ prefix, names: names.slice(0, SUGGESTIONS) })
        setActive(-1)
      },
      () => current && setSuggestions({ prefix, names: [] }),
    )
    return () => {
      current = false
    }
  }, [draft, tags])

  const shown = focused && draft.trim() && suggestions.prefix === draft.trim() ? suggestions.names : []
  const add = async (name: string) => {
    const tag = name.trim()
    if (!tag) return
    // Clears only what was typed for this tag: typing on while it is saved must not be wiped.
    const typed = draft
    if (await save(() => write('media:tag', { ids: [id], tags: [tag] }))) {
      setDraft((current) => (current === typed ? '' : current))
    }
  }
  const remove = (name: string) => void save(() => write('media:untag', { ids: [id], tags: [name] }))

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && shown.length) {
      event.preventDefault()
      setActive((n) => (n + 1) % shown.length)
    } else if (event.key === 'ArrowUp' && shown.length) {
      event.preventDefault()
      setActive((n) => (n <= 0 ? shown.length - 1 : n - 1))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      void add(active >= 0 ? shown[active] : draft)
    } else if (event.key === 'Escape' && draft) {
      // Clears the field first; the next Escape leaves the field, the one after that the detail.
      event.preventDefault()
      setDraft('')
    }
  }

  return (
    <div className="tag-editor">
      {tags.length > 0 ? (
        <ul className="tag-chips" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag} className="tag-chip">
              {tag}
              {editable && (
                <button
                  type="button"
                  aria-label={`Remove tag ${tag}`}
                  data-needs="media:untag"
                  onClick={() => remove(tag)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No tags yet.</p>
      )}
      {editable && (
        <div className="tag-input" data-needs="media:tag">
          <input
            type="text"
            value={draft}
            maxLength={64}
            placeholder="Add a tag…"
            aria-label="Add a tag"
            role="combobox"
            aria-expanded={shown.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            onFocus={() => setFocused(true)}
            onBlur={() => setFocused(false)}
          />
          <button type="button" onClick={() => void add(draft)} disabled={!draft.trim()}>
            Add
          </button>
          {shown.length > 0 && (
            <ul className="tag-suggestions" role="listbox" id={listId} aria-label="Existing tags">
              {shown.map((name, n) => (
                <li
                  key={name}
                  id={`${listId}-${n}`}
                  role="option"
                  aria-selected={n === active}
                  // mousedown, not click: the field keeps focus and its value until the tag is added.
                  onMouseDown={(event) => {
                    event.preventDefault()
                    void add(name)
                  }}
                >
                  {name}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p className={state.status === 'failed' ? 'error' : 'field-status'} role="status">
        {state.status === 'failed' ? saveText(state) : ''}
      </p>
    </div>
  )
}
