import { WorkflowFormat, WorkflowStatus } from '../../../../shared/contract'

/** The Workflows list's search and filters: what a reload or a shared link must bring back. */
export interface WorkflowsQuery {
  /** Words matched against names and the prompts of the workflows' assets; '' for all. */
  text: string
  status: WorkflowStatus | null
  format: WorkflowFormat | null
}

export const DEFAULT_WORKFLOWS_QUERY: WorkflowsQuery = { text: '', status: null, format: null }

// The contract's bound on `workflows:list`'s query.
const TEXT_MAX = 200

/** The URL parameters of the list (`q=sunset&status=saved&format=comfyui-ui`), defaults left out. */
export function encodeWorkflowsQuery(query: WorkflowsQuery): string {
  const pairs: string[] = []
  const text = query.text.trim()
  if (text !== '') pairs.push(`q=${encodeURIComponent(text)}`)
  if (query.status) pairs.push(`status=${query.status}`)
  if (query.format) pairs.push(`format=${query.format}`)
  return pairs.join('&')
}

/** The list a URL's parameters name; an unknown status or format, or an over-long text, is dropped. */
export function decodeWorkflowsQuery(search: string): WorkflowsQuery {
  const params = new URLSearchParams(search)
  const text = (params.get('q') ?? '').trim()
  const status = WorkflowStatus.safeParse(params.get('status'))
  const format = WorkflowFormat.safeParse(params.get('format'))
  return {
    text: text.length <= TEXT_MAX ? text : '',
    status: status.success ? status.data : null,
    format: format.success ? format.data : null,
  }
}

/** The `workflows:list` filters of a query (the page adds limit and offset). */
export function listFilters(query: WorkflowsQuery): {
  query?: string
  status?: WorkflowStatus[]
  format?: WorkflowFormat[]
} {
  const text = query.text.trim()
  return {
    ...(text === '' ? {} : { query: text }),
    ...(query.status ? { status: [query.status] } : {}),
    ...(query.format ? { format: [query.format] } : {}),
  }
}

/** True when a query filters anything. */
export function isFiltered(query: WorkflowsQuery): boolean {
  return query.text.trim() !== '' || query.status !== null || query.format !== null
}

/** Which version the workflow page shows and which one it is compared with; null: the newest, no comparison. */
export interface WorkflowPageQuery {
  version: number | null
  compare: number | null
  /** One exact definition of the version to draw (its hash: an asset's own, with its seed), else the version's first. */
  definition: string | null
}

export const DEFAULT_WORKFLOW_PAGE_QUERY: WorkflowPageQuery = { version: null, compare: null, definition: null }

/** The workflow page's URL parameters (`version=2&compare=1&definition=sha256:…`), defaults left out. */
export function encodeWorkflowPageQuery(query: WorkflowPageQuery): string {
  const pairs: string[] = []
  if (query.version !== null) pairs.push(`version=${query.version}`)
  if (query.compare !== null) pairs.push(`compare=${query.compare}`)
  if (query.definition !== null) pairs.push(`definition=${encodeURIComponent(query.definition)}`)
  return pairs.join('&')
}

/** The version and comparison a workflow page's URL names; what is not a version number is dropped. */
export function decodeWorkflowPageQuery(search: string): WorkflowPageQuery {
  const params = new URLSearchParams(search)
  const ordinal = (value: string | null) => {
    // The contract's bound on a version's ordinal.
    if (value === null || !/^[1-9]\d{0,6}$/.test(value) || Number(value) > 1_000_000) return null
    return Number(value)
  }
  const definition = params.get('definition')
  return {
    version: ordinal(params.get('version')),
    compare: ordinal(params.get('compare')),
    // The contract's shape of a definition hash; anything else is dropped.
    definition: definition !== null && /^sha256:[0-9a-f]{64}$/.test(definition) ? definition : null,
  }
}
