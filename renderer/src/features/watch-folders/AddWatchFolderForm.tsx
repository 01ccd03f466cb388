import { useId, useState, type FormEvent } from 'react'
import type { WatchFolder } from '../../../../shared/contract'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import { ErrorLine } from '../../ui/ErrorLine'
import { pathProblem } from './watch-words'
import { write } from '../../api/queries'

/**
 * Adds a watched folder: its path typed (or, in the desktop app, chosen in the OS dialog) and whether
 * its files are copied or linked; a refusal (not a folder, not allowed here, watched already) in words.
 */
export function AddWatchFolderForm({ onAdded }: { onAdded(folder: WatchFolder): void }) {
  const [path, setPath] = useState('')
  const [mode, setMode] = useState<WatchFolder['mode']>('copy')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    const typed = path.trim()
    const problem = pathProblem(typed)
    if (problem) return setError(problem)
    setBusy(true)
    setError(null)
    try {
      const { folder } = await write('watch:add', { path: typed, mode })
      setPath('')
      onAdded(folder)
    } catch (failure) {
      setError(toErrorShape(failure).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="watch-add"
      onSubmit={(event) => void submit(event)}
      aria-label="Watch a folder"
      data-needs="watch:add"
    >
      <div className="watch-add-path">
        <label htmlFor={`${ids}-path`}>Folder to watch</label>
        <input
          id={`${ids}-path`}
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/you/ComfyUI/output"
          value={path}
          readOnly={busy}
          aria-invalid={error !== null}
          aria-describedby={error ? `${ids}-error` : undefined}
          onChange={(event) => {
            setPath(event.target.value)
            setError(null)
          }}
        />
        {api.chooseFolder && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void api.chooseFolder?.().then((chosen) => chosen && (setPath(chosen), setError(null)))}
          >
            Choose folder…
          </button>
        )}
      </div>
      <fieldset className="watch-add-mode" disabled={busy}>
        <legend>New files are</legend>
        <label>
          <input type="radio" name={`${ids}-mode`} checked={mode === 'copy'} onChange={() => setMode('copy')} />
          Copied into the library
        </label>
        <label>
          <input type="radio" name={`${ids}-mode`} checked={mode === 'link'} onChange={() => setMode('link')} />
          Linked where they are
        </label>
      </fieldset>
      {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus to the page while adding. */}
      <button type="submit" className="primary" aria-disabled={busy}>
        {busy ? 'Adding…' : 'Watch folder'}
      </button>
      {error && (
        <div id={`${ids}-error`} className="watch-add-error">
          <ErrorLine>Not watched: {error}</ErrorLine>
        </div>
      )}
    </form>
  )
}
