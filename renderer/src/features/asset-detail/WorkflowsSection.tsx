import { useEffect, useState } from 'react'
import type { AssetWorkflow, NodeRole, WorkflowDefinition } from '../../../../shared/contract'
import { parseLenientJson } from '../../../../shared/lenient-json'
import { api } from '../../api/index'
import { copyText } from '../../ui/copy-text'
import { RunAgainButton } from '../comfy-runs/index'
import { associationNodeText } from './generation-facts'
import { useAssetDefinition, type DetailGeneration, type Loaded } from './use-asset'
import { ErrorLine } from '../../ui/ErrorLine'

const ROLE_WORDS: Record<NodeRole, { badge: string; verb: string }> = {
  output: { badge: 'Output', verb: 'Made by' },
  input: { badge: 'Input', verb: 'Used by' },
  intermediate: { badge: 'Intermediate', verb: 'Made along the way by' },
}

/** The side column's Workflows section, for an asset on no workflow node (the Generation section lists them when there are). */
export function WorkflowsSection({ assetId, state }: { assetId: string; state: Loaded<DetailGeneration> }) {
  return (
    <section className="detail-section workflows-section" aria-labelledby="detail-workflows">
      <h2 id="detail-workflows">Workflows</h2>
      {state.status === 'loading' && <p className="empty">Loading…</p>}
      {state.status === 'error' && <ErrorLine>{state.message}</ErrorLine>}
      {state.status === 'ready' &&
        (state.data.workflows.length === 0 ? (
          <p className="empty">No workflow: no workflow that made or used this file is known.</p>
        ) : (
          <WorkflowList assetId={assetId} workflows={state.data.workflows} />
        ))}
    </section>
  )
}

/** The workflow nodes the asset is on: which workflow, node and run, with links to them, the asset's own workflow JSON and, for an output, Run again. */
export function WorkflowList({ assetId, workflows }: { assetId: string; workflows: AssetWorkflow[] }) {
  return (
    <ul className="asset-workflows" aria-label="Workflows of this asset">
      {workflows.map((item) => (
        <AssociationItem key={`${item.workflowId}/${item.nodeId ?? ''}`} assetId={assetId} item={item} />
      ))}
    </ul>
  )
}

function AssociationItem({ assetId, item }: { assetId: string; item: AssetWorkflow }) {
  const words = ROLE_WORDS[item.role]
  const own = useAssetDefinition(assetId, item.workflowId)
  const definition = own.status === 'ready' ? own.data.definition : null
  const workflowHref = `#/workflow/${encodeURIComponent(item.workflowId)}`
  // The workflow page at the version this asset was made with (the workflow may have grown since).
  // The asset's own definition on the page (its seed, its prompt), not only its version's first.
  const versionHref = definition
    ? `${workflowHref}?version=${definition.version}&definition=${encodeURIComponent(definition.hash)}`
    : workflowHref
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
      <p className="muted">
        {formatName(item.format)}
        {definition && `, version ${definition.version}`}
      </p>
      <div className="detail-actions">
        <a className="button-link" href={versionHref}>
          Open the workflow
        </a>
        <CopyWorkflowButton assetId={assetId} workflowId={item.workflowId} loaded={definition} />
        {item.role === 'output' && (
          <RunAgainButton source={item.executionId !== null ? { executionId: item.executionId } : { assetId }} />
        )}
      </div>
    </li>
  )
}

/** Copies the definition this asset came with, its JSON text exactly as it was (asked for again when not loaded yet). */
function CopyWorkflowButton({
  assetId,
  workflowId,
  loaded,
}: {
  assetId: string
  workflowId: string
  loaded: WorkflowDefinition | null
}) {
  const [result, setResult] = useState<'busy' | 'copied' | 'failed' | null>(null)
  useEffect(() => {
    if (result !== 'copied' && result !== 'failed') return
    const timer = setTimeout(() => setResult(null), 1500)
    return () => clearTimeout(timer)
  }, [result])
  const copy = async () => {
    setResult('busy')
    try {
      const definition = loaded ?? (await api['workflows:definition']({ assetId, workflowId })).definition
      setResult((await copyText(copyable(definition.text))) ? 'copied' : 'failed')
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

/**
 * A definition's text to copy: exactly as kept when it is JSON (seeds past 2^53 keep their digits); else, as
 * Python writes bare NaN, as JSON with NaN as null, so what is copied pastes anywhere JSON is read.
 */
function copyable(text: string): string {
  try {
    JSON.parse(text)
    return text
  } catch {
    const read = parseLenientJson(text)
    return read.ok ? JSON.stringify(read.value, null, 2) : text
  }
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
