// Pure helpers of the Workflows pages: words, file names and the posters per node.
import type { ExecutionStatus, WorkflowFormat, WorkflowMedia } from '../../../../shared/contract'

/** The formats as people name them. */
export const FORMAT_NAMES: Record<WorkflowFormat, string> = {
  'comfyui-ui': 'ComfyUI',
  'comfyui-api': 'ComfyUI API',
  invokeai: 'InvokeAI',
  native: 'Native',
}

/** How each run state reads in a list. */
export const EXECUTION_WORDS: Record<ExecutionStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

/**
 * How long a run took: "850 ms", "12 s", "2 min 05 s", "1 h 02 min"; "—" when a time is missing or
 * both are the same instant (a run read from a file carries no times of its own, only the import's).
 */
export function durationText(startedAt: string | null, completedAt: string | null): string {
  if (!startedAt || !completedAt) return '—'
  const ms = Date.parse(completedAt) - Date.parse(startedAt)
  if (!Number.isFinite(ms) || ms <= 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const pad = (n: number) => String(n).padStart(2, '0')
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${pad(seconds % 60)} s`
  return `${Math.floor(seconds / 3600)} h ${pad(Math.floor((seconds % 3600) / 60))} min`
}

/** A workflow's last run for the list: its time, 'unknown' when its runs carry none (files without a date), 'never' without runs. */
export function lastRunText(
  lastExecutedAt: string | null,
  executions: number,
  format: (iso: string) => string,
): string {
  if (lastExecutedAt) return format(lastExecutedAt)
  return executions > 0 ? 'unknown' : 'never'
}

/** An id as people compare them: hashes and UUIDs by their first 8 characters. */
export function shortId(id: string): string {
  const bare = id.replace(/^sha256:/, '')
  return bare.length > 12 ? `${bare.slice(0, 8)}…` : bare
}

// Characters no file system (or no download) takes in a name, and control characters.
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]+/g

/** The download name of a workflow's JSON: its name made safe for any disk, then the format ("Portrait.comfyui-ui.json"). */
export function exportFileName(name: string, format: WorkflowFormat): string {
  const safe = name.replace(UNSAFE, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').slice(0, 120).trim()
  return `${safe === '' ? 'workflow' : safe}.${format}.json`
}

// Reading pasted or dropped JSON is shared with the import panel, which offers dropped workflows.
export { readPastedWorkflow, type PastedWorkflow } from '../../../../shared/workflow-graph/pasted-workflow'

/**
 * The assets whose posters show on each node of one graph level. Inside an opened subgraph (`path` of
 * subgraph node ids) an asset of node "12:5" belongs to node "5"; at the root it also shows on the
 * subgraph node "12" that stands for it. Newest first, each asset once per node.
 */
export function levelThumbnails(media: readonly WorkflowMedia[], path: readonly string[]): Record<string, string[]> {
  const prefix = path.length === 0 ? '' : `${path.join(':')}:`
  const byNode: Record<string, string[]> = {}
  for (const item of media) {
    if (item.nodeId === null || !item.nodeId.startsWith(prefix)) continue
    const nodeId = item.nodeId.slice(prefix.length).split(':')[0]
    if (nodeId === '') continue
    const ids = (byNode[nodeId] ??= [])
    if (!ids.includes(item.asset.id)) ids.push(item.asset.id)
  }
  return byNode
}

/** Assets grouped by node (in first-seen order; null: on no save node), for an execution's outputs. */
export function mediaByNode(
  media: readonly WorkflowMedia[],
): { nodeId: string | null; nodeType: string | null; items: WorkflowMedia[] }[] {
  const groups = new Map<string | null, { nodeId: string | null; nodeType: string | null; items: WorkflowMedia[] }>()
  for (const item of media) {
    const group = groups.get(item.nodeId) ?? { nodeId: item.nodeId, nodeType: item.nodeType, items: [] }
    group.items.push(item)
    groups.set(item.nodeId, group)
  }
  return [...groups.values()]
}

/** A parameter's value as one line of text (objects as compact JSON, long text kept whole for the panel). */
export function parameterText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}
