import { randomUUID } from 'node:crypto'
import type { Execution, ExecutionStatus, WorkflowMedia } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { CatalogRepos } from '../../db/catalog'
import type { ExecutionRow } from '../../db/repos/workflow-executions'
import type { Library, Uses } from '../library-context'
import { visibleInParam, visibleItems } from '../visibility/visibility'
import { isoTime, parseJsonText, storedJson } from './values'

/** Where a run may go from each status; a finished run goes nowhere. */
const NEXT: Readonly<Record<ExecutionStatus, readonly ExecutionStatus[]>> = {
  queued: ['running', 'failed', 'cancelled'],
  running: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
}
const FINISHED = new Set<ExecutionStatus>(['completed', 'failed', 'cancelled'])

/** What a run is recorded with; times are ISO 8601 text, `executionData` JSON text. */
export interface NewExecution {
  workflowId: string
  id?: string
  status: ExecutionStatus
  startedAt?: string
  completedAt?: string
  executionData?: string
  error?: string
}

/**
 * Records a run of a workflow in any status (a history import records finished runs). A run that has
 * started gets a start time (now unless given), a finished one an end time; the workflow's last run moves.
 */
export async function createExecution(
  lib: Uses<'workflows' | 'workflowExecutions'>,
  input: NewExecution,
): Promise<{ execution: Execution }> {
  const id = await lib.catalog.transaction((repos) => addExecution(repos, input))
  return { execution: await requireExecution(lib.catalog.repos, id) }
}

/** createExecution's checks and writes alone, for a caller already in a catalogue transaction; the run's id. */
export async function addExecution(
  stores: Pick<CatalogRepos, 'workflows' | 'workflowExecutions'>,
  input: NewExecution,
): Promise<string> {
  const now = new Date().toISOString()
  const data = input.executionData === undefined ? null : jsonData(input.executionData)
  const startedAt = startTime(input.status, input.startedAt, null, now)
  const completedAt = endTime(input.status, input.completedAt, null, now)
  checkOrder(startedAt, completedAt)
  const id = input.id ?? randomUUID()
  if (!(await stores.workflows.exists(input.workflowId))) {
    throw new AppError('not_found', `No workflow with id ${input.workflowId}.`)
  }
  if (await stores.workflowExecutions.get(id)) {
    throw new AppError('conflict', `An execution with id ${id} exists already.`)
  }
  await stores.workflowExecutions.insert({
    id,
    workflowId: input.workflowId,
    status: input.status,
    startedAt,
    completedAt,
    executionData: data,
    error: input.error ?? null,
    createdAt: now,
  })
  if (startedAt !== null) await stores.workflows.ran(input.workflowId, startedAt)
  return id
}

/** What an update may change; absent fields stay. */
export interface ExecutionChanges {
  status?: ExecutionStatus
  startedAt?: string
  completedAt?: string
  executionData?: string
  error?: string | null
}

/** Moves a run on (queued → running → completed | failed | cancelled) or adds its data; other moves are refused. */
export async function updateExecution(
  lib: Uses<'workflowExecutions' | 'workflows'>,
  id: string,
  changes: ExecutionChanges,
): Promise<{ execution: Execution }> {
  const data = changes.executionData === undefined ? undefined : jsonData(changes.executionData)
  await lib.catalog.transaction(async (repos) => {
    const row = await repos.workflowExecutions.get(id)
    if (!row) throw notFound(id)
    const status = changes.status ?? row.status
    if (status !== row.status && !NEXT[row.status].includes(status)) {
      const allowed = NEXT[row.status]
      throw new AppError(
        'conflict',
        `Execution ${id} is ${row.status}: it cannot become ${status}` +
          (allowed.length === 0 ? ' (a finished run stays as it ended).' : ` (only ${allowed.join(', ')}).`),
        { from: row.status, to: status },
      )
    }
    const now = new Date().toISOString()
    const startedAt = startTime(status, changes.startedAt, row.startedAt, now)
    const completedAt = endTime(status, changes.completedAt, row.completedAt, now)
    checkOrder(startedAt, completedAt)
    await repos.workflowExecutions.update({
      id,
      status,
      startedAt,
      completedAt,
      executionData: data ?? row.executionData,
      error: changes.error === undefined ? row.error : changes.error,
    })
    if (startedAt !== null) await repos.workflows.ran(row.workflowId, startedAt)
  })
  return { execution: await requireExecution(lib.catalog.repos, id) }
}

/** A page of runs, newest first (of one workflow when given). */
export function listExecutions(
  lib: Uses<'workflowExecutions' | 'workflows'> & Partial<Pick<Library, 'visibility'>>,
  input: { workflowId?: string; status?: ExecutionStatus[]; limit: number; offset: number },
): Promise<{ items: Execution[]; total: number }> {
  return lib.catalog.transaction(async (repos) => {
    if (input.workflowId !== undefined && !(await repos.workflows.exists(input.workflowId))) {
      throw new AppError('not_found', `No workflow with id ${input.workflowId}.`)
    }
    const filter = {
      workflowId: input.workflowId ?? null,
      statuses: input.status?.length ? JSON.stringify(input.status) : null,
      visibleIn: visibleInParam(lib.visibility),
    }
    const page = await repos.workflowExecutions.list(filter, input.limit, input.offset)
    return { items: page.items.map(toExecution), total: page.total }
  })
}

/** One run with its assets by node, and its data's exact text. */
export async function getExecution(
  lib: Uses<'workflowExecutions' | 'workflowVideos' | 'shares'> & Partial<Pick<Library, 'visibility'>>,
  id: string,
): Promise<{ execution: Execution; media: WorkflowMedia[]; dataText: string | null }> {
  const run = await lib.catalog.transaction(async (repos) => {
    const row = await repos.workflowExecutions.get(id)
    if (!row) throw notFound(id)
    return {
      execution: toExecution(row),
      media: await repos.workflowVideos.ofExecution(id),
      dataText: row.executionData,
    }
  })
  return { ...run, media: await visibleItems(lib, run.media) }
}

async function requireExecution(repos: Pick<CatalogRepos, 'workflowExecutions'>, id: string): Promise<Execution> {
  const row = await repos.workflowExecutions.get(id)
  if (!row) throw notFound(id)
  return toExecution(row)
}

function notFound(id: string): AppError {
  return new AppError('not_found', `No execution with id ${id}.`)
}

function toExecution(row: ExecutionRow): Execution {
  return { ...row, executionData: storedJson(row.executionData) }
}

function jsonData(text: string): string {
  parseJsonText(text, 'The execution data')
  return text
}

/** A run that is (or was) running has a start: the one given, else the one it had, else now. */
function startTime(status: ExecutionStatus, given: string | undefined, had: string | null, now: string): string | null {
  if (given !== undefined) return isoTime(given, 'The start time')
  return had ?? (status === 'queued' ? null : status === 'running' || status === 'completed' ? now : null)
}

/** A finished run has an end: the one given, else the one it had, else now. */
function endTime(status: ExecutionStatus, given: string | undefined, had: string | null, now: string): string | null {
  if (given !== undefined) {
    if (!FINISHED.has(status)) throw new AppError('validation', `A ${status} execution has no completion time yet.`)
    return isoTime(given, 'The completion time')
  }
  return had ?? (FINISHED.has(status) ? now : null)
}

function checkOrder(startedAt: string | null, completedAt: string | null): void {
  if (startedAt !== null && completedAt !== null && completedAt < startedAt) {
    throw new AppError('validation', `The completion time ${completedAt} is before the start time ${startedAt}.`)
  }
}
