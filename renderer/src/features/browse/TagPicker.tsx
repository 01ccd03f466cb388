import { useEffect, useId, useState } from 'react'
import type { TagCount } from '../../../../shared/contract'
import { api } from '../../api/index'
import { useDebouncedValue } from '../../ui/use-debounced-value'

/** A tag name field that suggests existing tags (tags:list by prefix); a new name creates the tag. */
export function TagPicker({ onSubmit, onCancel }: { onSubmit(tag: string): void; onCancel(): void }) {
  const [text, setText] = useState('')
  const [suggestions, setSuggestions] = useState<TagCount[]>([])
  const prefix = useDebouncedValue(text.trim(), 120)
  const listId = useId()

  useEffect(() => {
    let current = true
    api['tags:list']({ prefix: prefix || undefined, limit: 20 })
      .then(({ tags }) => current && setSuggestions(tags))
      .catch(() => current && setSuggestions([]))
    // An older prefix's answer arriving late must not replace the newer one.
    return () => {
      current = false
    }
  }, [prefix])

  const submit = (name: string) => {
    if (name.trim() !== '') onSubmit(name.trim())
  }
  const exact = suggestions.some((tag) => tag.name.toLowerCase() === text.trim().toLowerCase())
  return (
    <form
      className="tag-picker"
      onSubmit={(event) => {
        event.preventDefault()
        submit(text)
      }}
    >
      <input
        autoFocus
        aria-label="Tag name"
        placeholder="Tag name"
        value={text}
        maxLength={64}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation()
            onCancel()
          }
        }}
        aria-controls={listId}
      />
      <button type="submit" className="primary" disabled={text.trim() === ''}>
        {exact || text.trim() === '' ? 'Add tag' : 'Create tag'}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {suggestions.length > 0 && (
        <ul id={listId} className="tag-suggestions" aria-label="Existing tags">
          {suggestions.map((tag) => (
            <li key={tag.id}>
              <button type="button" onClick={() => submit(tag.name)}>
                {tag.name} <span className="choice-count">{tag.count}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  )
}
