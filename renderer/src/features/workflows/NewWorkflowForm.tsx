import { useId, useState, type DragEvent, type FormEvent } from 'react'
import type { KeptVersion } from '../../../../shared/contract'
import { toErrorShape } from '../../ui/error-shape'
import { FORMAT_NAMES, readPastedWorkflow } from './workflow-view'
import { write } from '../../api/queries'

// Past this a dropped file is refused before it is read (the contract's bound on a definition).
const MAX_BYTES = 5_000_000

/** What a definition given for a known workflow did there: which version, and whether anything was new. */
interface Joined {
  workflowId: string
  name: string
  version: KeptVersion
}

/**
 * "New workflow": paste or drop JSON, name and describe it, and create it; opens the new workflow. A known
 * workflow (ComfyUI keeps a workflow's id across edits) gets the definition as a version, and the form says so.
 */
export function NewWorkflowForm({ onClose }: { onClose(): void }) {
  const [json, setJson] = useState({ text: '', fileName: '' })
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [joined, setJoined] = useState<Joined | null>(null)
  const [busy, setBusy] = useState(false)
  const [over, setOver] = useState(false)
  const ids = { json: useId(), problem: useId() }
  const read = readPastedWorkflow(json.text, json.fileName)

  const take = (text: string, fileName: string) => {
    setJson({ text, fileName })
    setProblem(null)
    setJoined(null)
    const found = readPastedWorkflow(text, fileName)
    if (found.ok && name.trim() === '' && found.name !== '') setName(found.name)
  }
  const takeFile = (file: File | undefined) => {
    if (!file) return
    if (file.size > MAX_BYTES) return setProblem(`${file.name} is larger than 5 MB: no workflow is that big.`)
    file.text().then(
      (text) => take(text, file.name),
      () => setProblem(`${file.name} could not be read.`),
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
    if (!read.ok) return setProblem(read.problem)
    if (name.trim() === '') return setProblem('Give the workflow a name.')
    setBusy(true)
    setProblem(null)
    setJoined(null)
    try {
      const { workflow, created, version } = await write('workflows:create', {
        ...(read.id ? { id: read.id } : {}),
        name: name.trim(),
        description: description.trim() === '' ? null : description.trim(),
        definition: read.definition,
        format: read.format,
        source: json.fileName ? `file: ${json.fileName}` : 'pasted',
      })
      if (!created) {
        setJoined({ workflowId: workflow.id, name: workflow.name, version })
        return setBusy(false)
      }
      onClose()
      window.location.assign(`#/workflow/${encodeURIComponent(workflow.id)}`)
    } catch (error) {
      setProblem(toErrorShape(error).message)
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
          {problem}
        </p>
      )}
      {joined && <JoinedLine joined={joined} onOpen={onClose} />}
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

/** Where a known workflow's definition went, in words, with a link to that version. */
function JoinedLine({ joined, onOpen }: { joined: Joined; onOpen(): void }) {
  const { ordinal, versionCreated, definitionCreated } = joined.version
  const name = `“${joined.name}”`
  const text = versionCreated
    ? `Added as version ${ordinal} of ${name}.`
    : definitionCreated
      ? `Added to version ${ordinal} of ${name}: the same graph with other values.`
      : `Already kept: this exact definition is in version ${ordinal} of ${name}; nothing was added.`
  return (
    <p className="wf-joined" role="status" aria-label="Added to a known workflow">
      {text}{' '}
      <a href={`#/workflow/${encodeURIComponent(joined.workflowId)}?version=${ordinal}`} onClick={onOpen}>
        Open version {ordinal}
      </a>
    </p>
  )
}
