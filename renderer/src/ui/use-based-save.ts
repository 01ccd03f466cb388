import { useState } from 'react'
import type { EditConflict } from '../../../shared/contract'
import { AppError, type ErrorShape } from '../../../shared/errors'
import { editConflictOf } from './edit-conflict'

/** What a form's save came to: saved (undefined), a refusal to show, or another person's value in the notice. */
export type BasedOutcome = ErrorShape | undefined | 'theirs'

/** A form's save of one versioned value from a base version; resolves to its refusal, if any. */
export type BasedSave = (baseVersion: number) => Promise<ErrorShape | undefined>

/** A form's outcome as a thrown error (for `useSaving`): a refusal throws, saved or 'theirs' does not. */
export function throwRefusal(outcome: BasedOutcome): void {
  if (outcome !== undefined && outcome !== 'theirs') throw AppError.fromShape(outcome)
}

/**
 * A form that saves one versioned value (a name, a setting; issue 64): its save names the version the form was
 * opened on; when another person saved since, their value waits in `theirs` for the ConflictNotice instead of an
 * error line, and Keep mine saves again from their version. `submit` resolves to the refusal to show (undefined:
 * saved), or 'theirs' while the notice asks.
 */
export function useBasedSave(version: number) {
  const [base, setBase] = useState(version)
  const [theirs, setTheirs] = useState<EditConflict | null>(null)
  const submitFrom = async (from: number, save: BasedSave): Promise<BasedOutcome> => {
    const failure = await save(from)
    const conflict = editConflictOf(failure)
    setTheirs(conflict)
    if (!conflict) return failure
    setBase(conflict.version)
    return 'theirs'
  }
  return {
    theirs,
    /** Starts an edit of the value as it is at `version` (a form that stays mounted between edits). */
    begin: (version: number) => {
      setBase(version)
      setTheirs(null)
    },
    submit: (save: BasedSave) => submitFrom(base, save),
    /** Saves from `version` (an action on the value as shown, no edit begun: Forget, Use the default). */
    submitFrom,
    /** Saves the person's value over theirs, from the version the refusal named. */
    keepMine: (save: BasedSave) => submitFrom(theirs?.version ?? base, save),
    /** Forgets their change (the person took it, or changed their text). */
    dismiss: () => setTheirs(null),
  }
}

/** A stored value as the notice shows it: text as it is, nothing as empty. */
export function shownValue(value: unknown): string {
  return value === null || value === undefined ? '' : String(value)
}
