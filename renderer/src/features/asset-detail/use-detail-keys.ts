import { useEffect } from 'react'

/** ←/→ call onPrev/onNext and Escape or the browser's Back key calls onClose, unless the user is typing. */
export function useDetailKeys(keys: { onClose(): void; onPrev?: () => void; onNext?: () => void }): void {
  const { onClose, onPrev, onNext } = keys
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
        if (event.key === 'BrowserBack' || (event.altKey && event.key === 'ArrowLeft')) onClose()
        return
      }
      const handler = {
        ArrowLeft: onPrev,
        ArrowRight: onNext,
        Escape: onClose,
        BrowserBack: onClose,
      }[event.key]
      // Arrows and Escape belong to a text field or the player's own controls while they have focus.
      if (!handler || isTyping(event.target) || (event.key !== 'Escape' && isMediaControl(event.target))) return
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
