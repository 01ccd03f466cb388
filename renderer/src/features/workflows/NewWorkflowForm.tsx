import { useId, useState, type DragEvent, type FormEvent } from 'react'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import { FORMAT_NAMES, readPastedWorkflow } from './workflow-view'

// Past this a dropped file is refused before it is read (the contract's bound on a definition).
const MAX_BYTES = 5_000_000

/** "New workflow": paste or drop JSON, name and describe it, and create it; opens the new workflow. */
export function NewWorkflowForm({ onClose }: { onClose(): void }) {
  const [json, setJson] = useState({ text: '', fileName: '' })
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [problem, setProblem] = useState<{ text: string; existing?: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [over, setOver] = useState(false)
  const ids = { json: useId(), problem: useId() }
  const read = readPastedWorkflow(json.text, json.fileName)

  const take = (text: string, fileName: string) => {
    setJson({ text, fileName })
    setProblem(null)
    const found = readPastedWorkflow(text, fileName)
    if (found.ok && name.trim() === '' && found.name !== '') setName(found.name)
  }
  const takeFile = (file: File | undefined) => {
    if (!file) return
    if (file.size > MAX_BYTES) return setProblem({ text: `${file.name} is larger than 5 MB: no workflow is that big.` })
    file.text().then(
      (text) => take(text, file.name),
      () => setProblem({ text: `${file.name} could not be read.` }),
    )
  }
  // A file, or JSON text dragged out of an editor or a browser tab.
  const drop = (event: DragEvent) => {
    event.preventDefault()
    setOver(false)
    const file = event.dataTransfer.files[0]
    if (file) return takeFile(file)
    const text = event.dataTransfer.getData('text/plain')
    if (text.trim() !== '') take(text, '')
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!read.ok) return setProblem({ text: read.problem })
    if (name.trim() === '') return setProblem({ text: 'Give the workflow a name.' })
    setBusy(true)
    setProblem(null)
    try {
      const { workflow } = await api['workflows:create']({
        ...(read.id ? { id: read.id } : {}),
        name: name.trim(),
        description: description.trim() === '' ? null : description.trim(),
        definition: read.definition,
        format: read.format,
        source: json.fileName ? `file: ${json.fileName}` : 'pasted',
      })
      onClose()
      window.location.assign(`#/workflow/${encodeURIComponent(workflow.id)}`)
    } catch (error) {
      const shape = toErrorShape(error)
      setProblem({ text: shape.message, existing: shape.code === 'conflict' ? read.id : undefined })
      setBusy(false)
    }
  }

  return (
    <form
      className={over ? 'wf-new dropping' : 'wf-new'}
      aria-label="New workflow"
      onSubmit={(event) => void submit(event)}
      onDragOver={(event) => {
        event.preventDefault()
        setOver(true)
      }}
      // Leaving for one of its own fields is no leaving.
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false)
      }}
      onDrop={drop}
    >
      <label className="wf-field" htmlFor={ids.json}>
        Workflow JSON <span className="muted">(paste it, or drop a .json file here)</span>
      </label>
      <textarea
        id={ids.json}
        className="wf-json-input"
        value={json.text}
        rows={6}
        spellCheck={false}
        placeholder='{"nodes": [...], "links": [...]}'
        aria-invalid={problem !== null && !read.ok}
        aria-describedby={problem ? ids.problem : undefined}
        onChange={(event) => take(event.target.value, '')}
      />
      <div className="wf-new-row">
        <label className="wf-file-button">
          Choose file…
          <input
            type="file"
            accept=".json,application/json"
            data-testid="workflow-file"
            onChange={(event) => {
              takeFile(event.target.files?.[0])
              event.target.value = ''
            }}
          />
        </label>
        <span className="muted" role="status">
          {json.text.trim() === ''
            ? ''
            : read.ok
              ? `Read as ${FORMAT_NAMES[read.format]}${read.detected.startsWith('invokeai') ? ` (${read.detected.slice(9)})` : ''}.`
              : ''}
        </span>
      </div>
      <label className="wf-field">
        Name
        <input type="text" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />
      </label>
      <label className="wf-field">
        Description <span className="muted">(optional)</span>
        <textarea
          value={description}
          rows={2}
          maxLength={10_000}
          onChange={(event) => setDescription(event.target.value)}
        />
      </label>
      {problem && (
        <p className="error" id={ids.problem} role="alert">
          {problem.text}
          {problem.existing && (
            <>
              {' '}
              <a href={`#/workflow/${encodeURIComponent(problem.existing)}`}>Open it</a>
            </>
          )}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create workflow'}
        </button>
      </div>
    </form>
  )
}
