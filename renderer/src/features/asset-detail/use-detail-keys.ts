import { useEffect } from 'react'

/** ←/→ call onPrev/onNext and Escape calls onClose, unless the user is typing or a control handled the key. */
export function useDetailKeys(keys: { onClose(): void; onPrev?: () => void; onNext?: () => void }): void {
  const { onClose, onPrev, onNext } = keys
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Alt+← and the Back key are the browser's own history Back, which the shell's routing follows.
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      const handler = { ArrowLeft: onPrev, ArrowRight: onNext, Escape: onClose }[event.key]
      // Escape in a text field leaves the field (the next one leaves the page); arrows move its caret.
      if (isTyping(event.target)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur()
        return
      }
      // The player's own controls seek with the arrows.
      if (!handler || (event.key !== 'Escape' && isMediaControl(event.target))) return
      event.preventDefault()
      handler()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose, onPrev, onNext])
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) {
    return true
  }
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range'].includes(target.type)
}

function isMediaControl(target: EventTarget | null): boolean {
  return target instanceof HTMLMediaElement || (target instanceof HTMLInputElement && target.type === 'range')
}
