import { useEffect, useState } from 'react'
import { copyText } from './copy-text'

/** A small "Copy" button that says "Copied" (or "Copy failed") for a moment after a click. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null)
  useEffect(() => {
    if (!result) return
    const timer = setTimeout(() => setResult(null), 1500)
    return () => clearTimeout(timer)
  }, [result])
  return (
    <button
      type="button"
      aria-label={`Copy ${label}`}
      onClick={() => void copyText(text).then((ok) => setResult(ok ? 'copied' : 'failed'))}
    >
      {result === 'copied' ? 'Copied' : result === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  )
}
