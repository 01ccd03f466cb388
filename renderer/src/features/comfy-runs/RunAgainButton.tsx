import { useState } from 'react'
import type { RunSource } from '../../../../shared/contract'
import { useMayCall } from '../people/index'
import { RunAgainDialog } from './RunAgainDialog'

/** "Run again…": opens the run form of a run, of the run that made an asset, or of a workflow's newest run. */
export function RunAgainButton({
  source,
  name,
  className,
}: {
  source: RunSource
  /** The button's accessible name where many share a page (a table of runs); its text otherwise. */
  name?: string
  className?: string
}) {
  const [open, setOpen] = useState(false)
  if (!useMayCall('comfy:run')) return null
  return (
    <>
      <button
        type="button"
        className={className}
        aria-haspopup="dialog"
        aria-label={name}
        data-needs="comfy:run"
        onClick={() => setOpen(true)}
      >
        Run again…
      </button>
      {open && <RunAgainDialog source={source} onClose={() => setOpen(false)} />}
    </>
  )
}
