import { useState, type ChangeEvent } from 'react'

/**
 * A field's edit of a stored value. The edit shows while the field has focus or the stored
 * value is still the one the edit began from; once the stored value changes (our own save
 * coming back, or another window's), the field shows it.
 */
export function useDraft(stored: string) {
  const [edit, setEdit] = useState<{ text: string; base: string } | null>(null)
  const [focused, setFocused] = useState(false)
  const live = edit !== null && (focused || edit.base === stored) ? edit : null
  return {
    value: live?.text ?? stored,
    dirty: live !== null && live.text !== stored,
    set: (text: string) => setEdit({ text, base: live?.base ?? stored }),
    /** Drops the edit: the field shows the stored value again. */
    discard: () => setEdit(null),
    focus: () => setFocused(true),
    blur: () => setFocused(false),
  }
}

/** A field's draft, as `useDraft` answers it. */
export type Draft = ReturnType<typeof useDraft>

/**
 * The props that bind a text field to `draft`: typing edits it and clears the last save's status
 * (`reset`), leaving the field saves it (`commit`).
 */
export function draftField(draft: Draft, reset: () => void, commit: () => void) {
  return {
    value: draft.value,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      draft.set(event.target.value)
      reset()
    },
    onFocus: draft.focus,
    onBlur: () => {
      draft.blur()
      commit()
    },
  }
}
