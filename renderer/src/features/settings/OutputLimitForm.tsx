import { useState, type FormEvent } from 'react'
import { formatBytes } from '../../../../shared/byte-size'
import { attempt } from '../../ui/attempt'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { ErrorLine } from '../../ui/ErrorLine'
import { throwRefusal, useBasedSave, type BasedOutcome, type BasedSave } from '../../ui/use-based-save'
import { useSaving } from '../../ui/use-saving'
import { write } from '../../api/queries'

const GiB = 1024 ** 3

/**
 * The largest output file a ComfyUI run downloads, in GiB: a download past it stops and the run fails, so a
 * wrong or compromised server cannot fill the disk. Default restores the program's own limit. A limit saved while
 * another admin changed it (since `version` when typing began) shows theirs beside this one.
 */
export function OutputLimitForm({
  limitBytes,
  version,
  onSaved,
}: {
  limitBytes: number | null
  version: number
  onSaved(): Promise<unknown>
}) {
  const [draft, setDraft] = useState<string | null>(null)
  const { busy, error, setError, save: saving } = useSaving()
  const based = useBasedSave(version)
  const shown = draft ?? (limitBytes === null ? '' : String(Number((limitBytes / GiB).toFixed(3))))
  const [mine, setMine] = useState<number | null>(null)

  const save = (bytes: number | null, how: (save: BasedSave) => Promise<BasedOutcome>) => {
    setMine(bytes)
    return saving(async () => {
      const stored: BasedSave = (baseVersion) =>
        attempt(async () => void (await write('comfy:set-output-limit', { bytes, baseVersion })))
      const outcome = await how(stored)
      throwRefusal(outcome)
      if (outcome === undefined) setDraft(null)
      await onSaved()
    })
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const gib = Number(shown)
    if (shown.trim() === '' || !Number.isFinite(gib)) return setError('Give the limit as a number of GiB, e.g. 8.')
    void save(Math.round(gib * GiB), based.submit)
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
            if (draft === null) based.begin(version)
            else based.dismiss()
            setDraft(event.target.value)
            setError(null)
          }}
        />
        <button type="submit" disabled={busy || draft === null}>
          Save limit
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void save(null, (store) => based.submitFrom(version, store))}
        >
          Use the default
        </button>
      </form>
      <p className="muted" role="status" data-testid="comfy-output-limit-status">
        {limitBytes !== null && `A run stops when an output passes ${formatBytes(limitBytes)}; nothing of it is kept.`}
      </p>
      {error && <ErrorLine>Not saved: {error}</ErrorLine>}
      {based.theirs && (
        <ConflictNotice
          noun="limit"
          theirs={{ ...based.theirs, value: limitWords(based.theirs.value) }}
          mine={limitWords(mine)}
          onKeepMine={() => void save(mine, based.keepMine)}
          onTakeTheirs={() => {
            based.dismiss()
            setDraft(null)
          }}
        />
      )}
    </>
  )
}

// A limit as the notice says it: its size, or the program's own.
function limitWords(bytes: unknown): string {
  return bytes === null || bytes === undefined ? 'the default' : formatBytes(Number(bytes))
}
