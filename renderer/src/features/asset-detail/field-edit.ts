/**
 * A versioned text field's edit (issue 64) as pure state: what the person typed since their last save, what the
 * backend stores, and whether someone else's change met theirs. No React here, so each rule has a unit test.
 */

/** A field as the backend stores it: its value, version and who changed it last, when. */
export interface StoredField {
  value: string
  version: number
  changedBy: string | null
  changedAt: string | null
}

/** What the person typed, and what it was made from: the value and version they last loaded or saved. */
export interface FieldEdit {
  text: string
  baseValue: string
  baseVersion: number
}

/**
 * A field's state: the person's edit (none until they type) and the newest stored field a refused save taught us
 * (its reply may come before the refetch that brings it).
 */
export interface FieldState {
  edit: FieldEdit | null
  learned: StoredField | null
}

/** What the field shows: the value, whether it holds unsaved typing, and another person's change met, if any. */
export interface FieldView {
  value: string
  dirty: boolean
  /** Someone else's stored value that differs from the person's unsaved text, for the notice. */
  conflict: StoredField | null
  /** The version a save of `value` is made from. */
  baseVersion: number
}

/** A field no one has typed in. */
export const UNTOUCHED: FieldState = { edit: null, learned: null }

// Versions only grow: the newer of what the query brought and what a refusal told wins.
function newest(stored: StoredField, learned: StoredField | null): StoredField {
  return learned && learned.version > stored.version ? learned : stored
}

/** What the field shows, given what the backend's query brought. */
export function viewOf(state: FieldState, stored: StoredField): FieldView {
  const current = newest(stored, state.learned)
  const { edit } = state
  const showStored: FieldView = { value: current.value, dirty: false, conflict: null, baseVersion: current.version }
  if (!edit) return showStored
  const typed = edit.text !== edit.baseValue
  // The stored field is not newer than the edit's base (or is the echo of our own save still on its way).
  if (current.version <= edit.baseVersion)
    return { value: edit.text, dirty: typed, conflict: null, baseVersion: edit.baseVersion }
  // Someone else saved: shown at once unless the person typed something else since their last save.
  if (!typed || edit.text === current.value) return showStored
  return { value: edit.text, dirty: true, conflict: current, baseVersion: edit.baseVersion }
}

/** The person typed `text`: it is based on what the field showed, or on the edit's base while a notice is open. */
export function typed(state: FieldState, stored: StoredField, text: string): FieldState {
  const view = viewOf(state, stored)
  const { edit } = state
  const keepsBase = edit && (view.conflict || newest(stored, state.learned).version <= edit.baseVersion)
  const base = keepsBase
    ? { baseValue: edit.baseValue, baseVersion: edit.baseVersion }
    : { baseValue: view.value, baseVersion: view.baseVersion }
  return { ...state, edit: { text, ...base } }
}

/** What leaving the field saves: the person's own change, made from a version; nothing when they typed none. */
export function toSave(state: FieldState, stored: StoredField): { text: string; baseVersion: number } | null {
  const view = viewOf(state, stored)
  return view.dirty && !view.conflict ? { text: view.value, baseVersion: view.baseVersion } : null
}

/** Keep mine: the person's text saved over the other change, from the version they have now seen. */
export function keepMine(state: FieldState, stored: StoredField): { text: string; baseVersion: number } | null {
  const { conflict, value } = viewOf(state, stored)
  return conflict ? { text: value, baseVersion: conflict.version } : null
}

/** `text` was stored as `version`: typing since then stays the person's edit, counted from there. */
export function saved(state: FieldState, text: string, version: number): FieldState {
  return { ...state, edit: { text: state.edit?.text ?? text, baseValue: text, baseVersion: version } }
}

/** A save was refused: the stored field as the refusal told it. */
export function refused(state: FieldState, current: StoredField): FieldState {
  return { ...state, learned: newest(current, state.learned) }
}

/** Take theirs (or Escape): the person's edit dropped, the stored value shown. */
export function discarded(state: FieldState): FieldState {
  return { ...state, edit: null }
}
