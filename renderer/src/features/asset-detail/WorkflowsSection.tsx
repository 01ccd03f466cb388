import { useEffect, useState } from 'react'
import type { AssetWorkflow, NodeRole } from '../../../../shared/contract'
import { api } from '../../api/index'
import { copyText } from '../../ui/copy-text'
import { associationNodeText } from './generation-facts'
import type { DetailGeneration, Loaded } from './use-asset'
import { ErrorLine } from '../../ui/ErrorLine'

const ROLE_WORDS: Record<NodeRole, { badge: string; verb: string }> = {
  output: { badge: 'Output', verb: 'Made by' },
  input: { badge: 'Input', verb: 'Used by' },
  intermediate: { badge: 'Intermediate', verb: 'Made along the way by' },
}

/** The workflow nodes the asset is on: which workflow, node and run, with links to them and the workflow's JSON. */
export function WorkflowsSection({ state }: { state: Loaded<DetailGeneration> }) {
  return (
    <section className="detail-section workflows-section" aria-labelledby="detail-workflows">
      <h2 id="detail-workflows">Workflows</h2>
      {state.status === 'loading' && <p className="empty">Loading…</p>}
      {state.status === 'error' && <ErrorLine>{state.message}</ErrorLine>}
      {state.status === 'ready' &&
        (state.data.workflows.length === 0 ? (
          <p className="empty">No workflow: no workflow that made or used this file is known.</p>
        ) : (
          <ul className="asset-workflows" aria-label="Workflows of this asset">
            {state.data.workflows.map((item) => (
              <AssociationItem key={`${item.workflowId}/${item.nodeId ?? ''}`} item={item} />
            ))}
          </ul>
        ))}
    </section>
  )
}

function AssociationItem({ item }: { item: AssetWorkflow }) {
  const words = ROLE_WORDS[item.role]
  const workflowHref = `#/workflow/${encodeURIComponent(item.workflowId)}`
  return (
    <li className="asset-workflow">
      <p>
        <span className={`role-badge role-${item.role}`}>{words.badge}</span> {words.verb}{' '}
        <a href={workflowHref}>{item.name}</a>
        <span className="association-node">{associationNodeText(item)}</span>
        {item.executionId !== null && (
          <>
            , run{' '}
            <a href={`#/execution/${encodeURIComponent(item.executionId)}`} title={item.executionId}>
              {shortId(item.executionId)}
            </a>
            {item.executionStatus && item.executionStatus !== 'completed' && ` (${item.executionStatus})`}
          </>
        )}
      </p>
      <p className="muted">{formatName(item.format)}</p>
      <div className="detail-actions">
        <a className="button-link" href={workflowHref}>
          Open the workflow
        </a>
        <CopyWorkflowButton workflowId={item.workflowId} />
      </div>
    </li>
  )
}

/** Fetches the workflow's definition only when asked, and copies it as JSON. */
function CopyWorkflowButton({ workflowId }: { workflowId: string }) {
  const [result, setResult] = useState<'busy' | 'copied' | 'failed' | null>(null)
  useEffect(() => {
    if (result !== 'copied' && result !== 'failed') return
    const timer = setTimeout(() => setResult(null), 1500)
    return () => clearTimeout(timer)
  }, [result])
  const copy = async () => {
    setResult('busy')
    try {
      const { workflow } = await api['workflows:get']({ id: workflowId })
      setResult((await copyText(JSON.stringify(workflow.definition, null, 2))) ? 'copied' : 'failed')
    } catch {
      setResult('failed')
    }
  }
  return (
    <button type="button" disabled={result === 'busy'} onClick={() => void copy()}>
      {result === 'copied' ? 'Copied' : result === 'failed' ? 'Copy failed' : 'Copy workflow JSON'}
    </button>
  )
}

const FORMAT_NAMES: Record<AssetWorkflow['format'], string> = {
  'comfyui-ui': 'ComfyUI workflow',
  'comfyui-api': 'ComfyUI prompt (API format)',
  invokeai: 'InvokeAI',
  native: 'Framevault workflow',
}

function formatName(format: AssetWorkflow['format']): string {
  return FORMAT_NAMES[format]
}

/** Hash ids ("sha256:…", 71 characters) shortened for reading; the full id is the link's title. */
function shortId(id: string): string {
  const bare = id.replace(/^sha256:/, '')
  return bare.length > 14 ? `${bare.slice(0, 12)}…` : bare
}
