import { useEffect, type RefObject } from 'react'
import { useAppStore } from '../../app/use-app-store'
import { shownMedia, showMore } from './use-media-list'

const STEPS: Record<string, (columns: number) => number> = {
  ArrowLeft: () => -1,
  ArrowRight: () => 1,
  ArrowUp: (columns) => -columns,
  ArrowDown: (columns) => columns,
}

/** True when a key belongs to the control that has focus (typing, a button's space/enter, a select's arrows). */
function ownedByControl(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true
  return (key === ' ' || key === 'Enter') && (target.tagName === 'BUTTON' || target.tagName === 'A')
}

/**
 * The library's keyboard: arrows move the selection (up/down by a row), shift extends it, ctrl
 * moves without selecting and ctrl+space toggles, ctrl+A selects what is loaded, space previews, enter opens the detail,
 * escape clears the selection and Delete (Cmd+Backspace on a Mac) asks to delete the selection. (`/` to the search box
 * is the shell's, for every page.)
 */
export function useBrowseKeys(options: {
  columns: RefObject<number>
  search: RefObject<HTMLInputElement | null>
  preview: string | null
  setPreview(id: string | null): void
}) {
  const { columns, search, preview, setPreview } = options
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey) return
      const state = useAppStore.getState()
      const { key } = event
      if (key === 'Escape') {
        if (event.target === search.current) search.current?.blur()
        else if (state.selection.length > 0) state.clearSelection()
        return
      }
      if (ownedByControl(event.target, key)) return
      const command = event.ctrlKey || event.metaKey
      const order = shownMedia()
      const at = state.focus === null ? -1 : order.findIndex((asset) => asset.id === state.focus)
      if (command && key.toLowerCase() === 'a') {
        event.preventDefault()
        state.selectAll()
      } else if (key in STEPS) {
        if (order.length === 0) return
        event.preventDefault()
        const next = at < 0 ? 0 : Math.min(order.length - 1, Math.max(0, at + STEPS[key](columns.current)))
        const id = order[next].id
        if (command) state.focusAsset(id)
        else state.selectAsset(id, event.shiftKey ? 'range' : 'only')
        if (preview !== null) setPreview(id)
        if (next >= order.length - columns.current) void showMore()
      } else if (key === ' ' && at >= 0) {
        event.preventDefault()
        if (command) state.selectAsset(order[at].id, 'toggle')
        else setPreview(preview === null ? order[at].id : null)
      } else if ((key === 'Delete' || (key === 'Backspace' && event.metaKey)) && state.selection.length > 0) {
        event.preventDefault()
        state.askDelete(state.selection)
      } else if (key === 'Enter' && at >= 0) {
        event.preventDefault()
        state.openAsset(order[at].id, order[at].matched?.at)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [columns, search, preview, setPreview])
}
