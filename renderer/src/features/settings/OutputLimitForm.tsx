import { useState, type FormEvent } from 'react'
import { formatBytes } from '../../../../shared/byte-size'
import { api } from '../../api/index'
import { ErrorLine } from '../../ui/ErrorLine'
import { useSaving } from '../../ui/use-saving'

const GiB = 1024 ** 3

/**
 * The largest output file a ComfyUI run downloads, in GiB: a download past it stops and the run fails, so a
 * wrong or compromised server cannot fill the disk. Default restores the program's own limit.
 */
export function OutputLimitForm({ limitBytes, onSaved }: { limitBytes: number | null; onSaved(): Promise<unknown> }) {
  const [draft, setDraft] = useState<string | null>(null)
  const { busy, error, setError, save: saving } = useSaving()
  const shown = draft ?? (limitBytes === null ? '' : String(Number((limitBytes / GiB).toFixed(3))))

  const save = (bytes: number | null) =>
    saving(async () => {
      await api['comfy:set-output-limit']({ bytes })
      setDraft(null)
      await onSaved()
    })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const gib = Number(shown)
    if (shown.trim() === '' || !Number.isFinite(gib)) return setError('Give the limit as a number of GiB, e.g. 8.')
    void save(Math.round(gib * GiB))
  }

  return (
    <>
      <form className="address-form" onSubmit={submit} aria-label="Largest output" data-needs="comfy:set-output-limit">
        <label htmlFor="comfy-output-limit">Largest output a run downloads (GiB)</label>
        <input
          id="comfy-output-limit"
          type="number"
          min={0.001}
          max={1024}
          step="any"
          value={shown}
          disabled={busy || limitBytes === null}
          onChange={(event) => {
            setDraft(event.target.value)
            setError(null)
          }}
        />
        <button type="submit" disabled={busy || draft === null}>
          Save limit
        </button>
        <button type="button" disabled={busy} onClick={() => void save(null)}>
          Use the default
        </button>
      </form>
      <p className="muted" role="status" data-testid="comfy-output-limit-status">
        {limitBytes !== null && `A run stops when an output passes ${formatBytes(limitBytes)}; nothing of it is kept.`}
      </p>
      {error && <ErrorLine>Not saved: {error}</ErrorLine>}
    </>
  )
}
