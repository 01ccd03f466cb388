import { useEffect } from 'react'

// Inputs that take no typed text: `/` there means "go to the search box", not a character.
const NOT_TYPED = new Set(['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'file', 'color', 'image'])

/** True when the key goes into a text field (a text-like input, a textarea, or editable content). */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true
  return target instanceof HTMLInputElement && !NOT_TYPED.has(target.type)
}

/**
 * `/` focuses the page's search box from anywhere but a text field, a checkbox or a select
 * included (they would otherwise take the next Space); not while a dialog is open over the page.
 */
export function useSearchKey(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
      if (typingInto(event.target) || document.querySelector('[aria-modal="true"]')) return
      const search = document.querySelector<HTMLInputElement>('main input[type="search"]')
      if (!search) return
      event.preventDefault()
      search.focus()
      search.select()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
}
