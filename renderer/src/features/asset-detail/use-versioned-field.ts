import { useState, type ChangeEvent } from 'react'
import { editConflictOf } from '../../ui/edit-conflict'
import { toErrorShape } from '../../ui/error-shape'
import * as edit from './field-edit'
import type { StoredField } from './field-edit'
import { useSave } from './use-save'

/** Stores `text` made from `baseVersion`; resolves to the field's new version. */
export type WriteField = (text: string, baseVersion: number) => Promise<{ version: number }>

/**
 * A versioned text field (issue 64): shows the stored value until the person types, saves only what they typed since
 * their last save, shows another person's change at once unless it meets their typing, and then (or when a save is
 * refused) offers their text beside the person's: keep mine or take theirs.
 */
export function useVersionedField(stored: StoredField, write: WriteField, fromStored: (value: unknown) => string) {
  const [state, setState] = useState<edit.FieldState>(edit.UNTOUCHED)
  const [saveState, save, reset] = useSave()
  const view = edit.viewOf(state, stored)

  const send = async (change: { text: string; baseVersion: number } | null) => {
    if (!change) return
    let current: StoredField | null = null
    await save(async () => {
      try {
        const { version } = await write(change.text, change.baseVersion)
        setState((s) => edit.saved(s, change.text, version))
      } catch (error) {
        current = conflictOf(error, fromStored)
        throw error
      }
    })
    // A refusal is shown by the notice (its current field learned), not as a failed save.
    if (current) {
      const learned = current
      setState((s) => edit.refused(s, learned))
      reset()
    }
  }
  return {
    ...view,
    saveState,
    set: (text: string) => {
      setState((s) => edit.typed(s, stored, text))
      reset()
    },
    /** Saves the person's own change, if they made one and no one else's change waits in a notice. */
    commit: () => send(edit.toSave(state, stored)),
    keepMine: () => send(edit.keepMine(state, stored)),
    takeTheirs: () => {
      setState(edit.discarded)
      reset()
    },
    /** Drops the person's edit (Escape, a blank name). */
    discard: () => {
      setState(edit.discarded)
      reset()
    },
  }
}

/** A versioned field's state, as `useVersionedField` answers it. */
export type VersionedField = ReturnType<typeof useVersionedField>

// The stored field a `conflict` refusal carries, or null for any other failure.
function conflictOf(error: unknown, fromStored: (value: unknown) => string): StoredField | null {
  const conflict = editConflictOf(toErrorShape(error))
  if (!conflict) return null
  const { value, version, changedBy, changedAt } = conflict
  return { value: fromStored(value), version, changedBy, changedAt }
}

/** The props that bind a text field to `field`: typing edits it, leaving the field saves what the person typed. */
export function fieldProps(field: VersionedField) {
  return {
    value: field.value,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => field.set(event.target.value),
    onBlur: () => void field.commit(),
  }
}
