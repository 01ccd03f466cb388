import './settings.css'
import { useState, type FormEvent } from 'react'
import { useBackendQuery, write } from '../../api/queries'
import { attempt } from '../../ui/attempt'
import { ConflictNotice } from '../../ui/ConflictNotice'
import { ErrorLine } from '../../ui/ErrorLine'
import { shownValue, throwRefusal, useBasedSave, type BasedOutcome, type BasedSave } from '../../ui/use-based-save'
import { useSaving } from '../../ui/use-saving'
import { useAdminToAsk, useMayCall } from '../people/index'
import { OutputLimitForm } from './OutputLimitForm'

type Outcome = { kind: 'checked'; address: string; version: string | null } | { kind: 'forgotten' } | null

/**
 * Where "Run again" sends workflows: the address of the user's ComfyUI, checked by the server when
 * the user asks (Check & save) and never called otherwise; Forget clears it. Below, the largest output a run downloads.
 * An address saved while another admin changed it (since its version when typing began) shows theirs beside it.
 */
export function ComfyServerSection() {
  const kept = useBackendQuery('comfy:server', {}, { untracked: true })
  const address = kept.data?.address ?? null
  const version = kept.data?.versions.address ?? 0
  const based = useBasedSave(version)
  const [mine, setMine] = useState<string | null>(null)
  const [draft, setDraft] = useState<string | null>(null)
  const { busy, error, setError, save: saving } = useSaving()
  const [outcome, setOutcome] = useState<Outcome>(null)
  const shown = draft ?? address ?? ''
  const maySet = useMayCall('comfy:set-server')
  const admin = useAdminToAsk()

  const save = (next: string | null, how: (save: BasedSave) => Promise<BasedOutcome>) => {
    setOutcome(null)
    setMine(next)
    return saving(async () => {
      const stored: BasedSave = (baseVersion) =>
        attempt(async () => {
          const answer = await write('comfy:set-server', { address: next, baseVersion })
          setOutcome(
            answer.address === null ? { kind: 'forgotten' } : { kind: 'checked', ...answer, address: answer.address },
          )
          setDraft(null)
        })
      throwRefusal(await how(stored))
      await kept.refetch()
    })
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (shown.trim() !== '')
      void save(shown.trim(), draft === null ? (s) => based.submitFrom(version, s) : based.submit)
  }

  return (
    <section className="comfy-settings" aria-labelledby="comfy-settings-title">
      <h2 id="comfy-settings-title">ComfyUI</h2>
      <p className="muted">
        Where <strong>Run again</strong> sends a workflow: your ComfyUI server, on this computer or your network.
        Framevault calls it only when you check it here or run something.
      </p>
      {!maySet && (
        <p className="muted" data-testid="comfy-server-ask">
          Only admins set where runs go: ask {admin ?? 'an admin of this library'} to change it.
        </p>
      )}
      {maySet && (
        <form className="address-form" onSubmit={submit} aria-label="ComfyUI server" data-needs="comfy:set-server">
          <label htmlFor="comfy-server-address">Server address</label>
          <input
            id="comfy-server-address"
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder="http://127.0.0.1:8188"
            value={shown}
            disabled={busy}
            onChange={(event) => {
              if (draft === null) based.begin(version)
              else based.dismiss()
              setDraft(event.target.value)
              setError(null)
              setOutcome(null)
            }}
          />
          <button type="submit" className="primary" disabled={busy || shown.trim() === ''}>
            {busy ? 'Checking…' : 'Check & save'}
          </button>
          {address !== null && (
            <button type="button" disabled={busy} onClick={() => void save(null, (s) => based.submitFrom(version, s))}>
              Forget
            </button>
          )}
        </form>
      )}
      <p className="comfy-server-status" role="status" data-testid="comfy-server-status">
        {statusWords(address, outcome, kept.isPending)}
      </p>
      {error && (
        <ErrorLine>
          Not saved: {error}
          {address !== null && ` Runs still go to ${address}.`}
        </ErrorLine>
      )}
      {based.theirs && (
        <ConflictNotice
          noun="address"
          theirs={{ ...based.theirs, value: shownValue(based.theirs.value) || 'no server' }}
          mine={mine ?? 'no server'}
          onKeepMine={() => void save(mine, based.keepMine)}
          onTakeTheirs={() => {
            based.dismiss()
            setDraft(null)
          }}
        />
      )}
      {maySet && (
        <OutputLimitForm
          limitBytes={kept.data?.outputLimitBytes ?? null}
          version={kept.data?.versions.outputLimitBytes ?? 0}
          onSaved={() => kept.refetch()}
        />
      )}
    </section>
  )
}

function statusWords(address: string | null, outcome: Outcome, loading: boolean): string {
  if (outcome?.kind === 'checked') {
    return `Saved: ${outcome.address} answers as ComfyUI${outcome.version ? ` ${outcome.version}` : ''}.`
  }
  if (outcome?.kind === 'forgotten') return 'Forgotten: no ComfyUI server is set.'
  if (loading) return ''
  return address === null ? 'No ComfyUI server is set yet.' : `Runs go to ${address}.`
}
