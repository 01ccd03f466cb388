import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'
import type { CommentRegion } from '../../../../shared/contract'

/** A region drawn with the Area tool for the next comment, and the paused player's time it was drawn at. */
export interface RegionDraft {
  region: CommentRegion
  at: number | null
}

/** Where a comment was picked. */
export type PickedIn = 'marker' | 'panel'

/** What the player, its markers, the filmstrip and the Comments panel of one asset share. */
export interface CommentFocus {
  /** The comment picked on a marker or in the panel (its region shown over the picture), or null. */
  focused: number | null
  /** Where it was picked: from a marker the panel scrolls to it, from the panel the picture comes into view. */
  pickedIn: PickedIn
  focus(id: number | null, pickedIn?: PickedIn): void
  /** Whether the Area tool waits for a rectangle dragged over the picture. */
  drawing: boolean
  setDrawing(drawing: boolean): void
  draft: RegionDraft | null
  setDraft(draft: RegionDraft | null): void
}

const NOWHERE: CommentFocus = {
  focused: null,
  pickedIn: 'marker',
  focus: () => {},
  drawing: false,
  setDrawing: () => {},
  draft: null,
  setDraft: () => {},
}

const Focus = createContext<CommentFocus>(NOWHERE)

/** Holds one asset's picked comment and drawn region for what it wraps (keyed by the asset: a new one starts clear). */
export function CommentFocusScope({ children }: { children: ReactNode }) {
  const [picked, setPicked] = useState<{ id: number | null; in: PickedIn }>({ id: null, in: 'marker' })
  const [drawing, setDrawing] = useState(false)
  const [draft, setDraft] = useState<RegionDraft | null>(null)
  const value = useMemo(
    () => ({
      focused: picked.id,
      pickedIn: picked.in,
      focus: (id: number | null, pickedIn: PickedIn = 'marker') => setPicked({ id, in: pickedIn }),
      drawing,
      setDrawing,
      draft,
      setDraft,
    }),
    [picked, drawing, draft],
  )
  return <Focus.Provider value={value}>{children}</Focus.Provider>
}

/** The asset's comment focus (a no-op outside a `CommentFocusScope`). */
export function useCommentFocus(): CommentFocus {
  return useContext(Focus)
}
