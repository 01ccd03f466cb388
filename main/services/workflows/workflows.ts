import type {
  WorkflowListItem,
  KeptVersion,
  NodeRole,
  Workflow,
  WorkflowFieldVersions,
  WorkflowFormat,
  WorkflowMedia,
  WorkflowNodeMedia,
  WorkflowStats,
  WorkflowStatus,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import { visibleInParam } from '../visibility/visibility'
import { configHash } from '../../hashing/canonical-json'
import { queryWords } from '../assets/media-search'
import { parseJsonText, storedJson } from './values'
import { putWorkflow } from './put-workflow'
import { keepDefinition, keepFirstVersion } from './versions'
import { definitionSeedAndPrompt } from './workflow-seed-prompt'
import type { CatalogRepos } from '../../db/catalog'
import type { WorkflowListRow } from '../../db/repos/workflows'
import type { Editing } from '../edits/versioned-write'
import { claimWorkflowFields, workflowFieldVersions, type WorkflowBaseVersions } from './workflow-edits'

// Assets `workflows:get` lists with the workflow; the rest page through `workflows:videos`.
const FIRST_MEDIA = 200

/** What creating a workflow takes; `definition` is JSON text as the channel received it. */
export interface NewWorkflow {
  id?: string
  /** Without one, the workflow is named by its title or what it does (putWorkflow). */
  name?: string
  description?: string | null
  status: WorkflowStatus
  definition: string
  format: WorkflowFormat
  source?: string | null
}

/**
 * Creates a workflow from pasted or sent JSON; its id is the definition's canonical hash unless given. A
 * known id is no conflict: the definition joins that workflow (a new shape as its next version) and
 * becomes its current one; name, description and status stay.
 */
export async function createWorkflow(
  lib: Uses<'workflows' | 'workflowVersions'>,
  input: NewWorkflow,
): Promise<{ workflow: Workflow; created: boolean; version: KeptVersion }> {
  const value = parseJsonText(input.definition, 'The definition', true)
  const put = await lib.catalog.transaction((repos) =>
    putWorkflow(repos, {
      ...input,
      nameOrigin: 'given',
      definition: value,
      text: input.definition,
      now: new Date().toISOString(),
    }),
  )
  const { version: ordinal, versionCreated, definitionCreated } = put.kept
  return {
    workflow: await requireWorkflow(lib.catalog.repos, put.id),
    created: put.created,
    version: { ordinal, versionCreated, definitionCreated },
  }
}

/** What an update may change; absent fields stay. */
export interface WorkflowChanges {
  name?: string
  description?: string | null
  status?: WorkflowStatus
  definition?: string
  format?: WorkflowFormat
  /** The versions the name and description were changed from (issue 64); none: whatever theirs now. */
  baseVersions?: WorkflowBaseVersions
}

/** Renames, describes, saves or replaces the definition of a workflow (its id stays; a new definition is kept in its version). */
export async function updateWorkflow(
  lib: Editing,
  id: string,
  changes: WorkflowChanges,
): Promise<{ workflow: Workflow; versions: WorkflowFieldVersions }> {
  const value = changes.definition === undefined ? undefined : parseJsonText(changes.definition, 'The definition', true)
  await lib.catalog.transaction(async (repos) => {
    const row = await repos.workflows.get(id)
    if (!row) throw notFound(id)
    await claimWorkflowFields(repos, lib, id, changes, changes.baseVersions)
    const now = new Date().toISOString()
    if (changes.definition !== undefined) await keepFirstVersion(repos, id)
    await repos.workflows.update({
      id,
      name: changes.name ?? row.name,
      // A rename is a person's name: no import replaces it again.
      nameOrigin: changes.name === undefined ? await repos.workflows.nameOrigin(id) : 'given',
      description: changes.description === undefined ? row.description : changes.description,
      status: changes.status ?? row.status,
      definition: changes.definition ?? row.definition,
      format: changes.format ?? row.format,
      definitionHash: value === undefined ? row.definitionHash : configHash(value),
      updatedAt: now,
    })
    if (changes.definition !== undefined) {
      const given = { text: changes.definition, value, format: changes.format ?? row.format }
      await keepDefinition(repos, id, given, now)
    }
  })
  const { repos } = lib.catalog
  return { workflow: await requireWorkflow(repos, id), versions: await workflowFieldVersions(repos, id) }
}

/**
 * The import's way in: one row per workflow, however many files carry it. `id` (ComfyUI's workflow id)
 * or else the definition's canonical hash names the row; a known row gets the definition given (the
 * newest import wins) and a new updated_at, and keeps its name (see putWorkflow), description and
 * status. A new row is 'saved': a workflow that ran and wrote a file is no draft.
 */
export async function upsertWorkflow(
  lib: Uses<'workflows' | 'workflowVersions'>,
  definition: unknown,
  format: WorkflowFormat,
  source: string | null,
  id?: string,
  name?: string,
): Promise<{ workflow: Workflow; created: boolean; definitionId: number }> {
  const put = await lib.catalog.transaction((repos) =>
    putWorkflow(repos, { definition, format, source, id, name, now: new Date().toISOString() }),
  )
  return { workflow: await requireWorkflow(lib.catalog.repos, put.id), created: put.created, definitionId: put.kept.id }
}

/** Deletes a workflow with its executions and associations; the assets stay in the library. */
export async function deleteWorkflow(
  lib: Uses<'editVersions' | 'workflows'>,
  id: string,
): Promise<{ id: string; executions: number; associations: number }> {
  const counts = await lib.catalog.transaction(async (repos) => {
    if (!(await repos.workflows.exists(id))) throw notFound(id)
    await repos.editVersions.forget('workflow', id)
    return repos.workflows.delete(id)
  })
  return { id, ...counts }
}

/** A workflow with its definition, its nodes' asset counts and its newest associations. */
export function getWorkflow(
  lib: Uses<'editVersions' | 'workflows' | 'workflowVideos'> & Partial<Pick<Library, 'visibility'>>,
  id: string,
): Promise<{
  workflow: Workflow
  versions: WorkflowFieldVersions
  nodes: WorkflowNodeMedia[]
  media: WorkflowMedia[]
  mediaTotal: number
}> {
  return lib.catalog.transaction(async (repos) => {
    const workflow = await requireWorkflow(repos, id)
    const visibleIn = visibleInParam(lib.visibility)
    const page = await repos.workflowVideos.page(
      { workflowId: id, nodeId: null, executionId: null, role: null, visibleIn },
      FIRST_MEDIA,
      0,
    )
    const versions = await workflowFieldVersions(repos, id)
    return {
      workflow,
      versions,
      nodes: await repos.workflowVideos.nodes(id, visibleIn),
      media: page.items,
      mediaTotal: page.total,
    }
  })
}

/** What the workflow list asks for. */
export interface WorkflowListRequest {
  query?: string
  status?: WorkflowStatus[]
  format?: WorkflowFormat[]
  limit: number
  offset: number
}

/** A page of workflows, most recently updated first: by name (any part, any case) or by a prompt's words. */
export async function listWorkflows(
  lib: Uses<'workflows'> & Partial<Pick<Library, 'visibility'>>,
  request: WorkflowListRequest,
): Promise<{ items: WorkflowListItem[]; total: number }> {
  const text = request.query?.trim() ?? ''
  const list = (values: readonly string[] | undefined) => (values?.length ? JSON.stringify(values) : null)
  const { workflows } = lib.catalog.repos
  // A person limited to shared collections sees the workflows of the assets they see alone.
  const page = await workflows.list({
    statuses: list(request.status),
    formats: list(request.format),
    namePattern: text === '' ? null : `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    promptWords: queryWords(text),
    visibleIn: visibleInParam(lib.visibility),
    limit: request.limit,
    offset: request.offset,
  })
  return { items: await Promise.all(page.items.map((row) => listItem(workflows, row))), total: page.total }
}

/** A list row with its latest seed and prompt: the newest output's, else those its definition sets. */
async function listItem(
  workflows: CatalogRepos['workflows'],
  { recorded, ...row }: WorkflowListRow,
): Promise<WorkflowListItem> {
  const definition = recorded ? undefined : await workflows.definition(row.id)
  const latest = recorded ?? (definition === undefined ? null : definitionSeedAndPrompt(definition, row.format))
  return { ...row, latest }
}

/** Associates an asset with a node of a workflow; the execution, when given, must be a run of that workflow. */
export async function associateVideo(
  lib: Uses<'media' | 'workflowExecutions' | 'workflowVideos' | 'workflows'>,
  input: {
    workflowId: string
    videoId: string
    nodeId: string
    nodeType?: string | null
    role: NodeRole
    executionId?: string | null
  },
): Promise<{ association: WorkflowMedia }> {
  const association = await lib.catalog.transaction(async (repos) => {
    if (!(await repos.workflows.exists(input.workflowId))) throw notFound(input.workflowId)
    if (!(await repos.media.get(input.videoId))) throw new AppError('not_found', `No asset with id ${input.videoId}.`)
    const executionId = input.executionId ?? null
    if (executionId !== null) {
      const execution = await repos.workflowExecutions.get(executionId)
      if (!execution) throw new AppError('not_found', `No execution with id ${executionId}.`)
      if (execution.workflowId !== input.workflowId) {
        throw new AppError(
          'validation',
          `Execution ${executionId} is a run of workflow ${execution.workflowId}, not of ${input.workflowId}.`,
        )
      }
    }
    return repos.workflowVideos.upsert({
      workflowId: input.workflowId,
      videoId: input.videoId,
      nodeId: input.nodeId,
      nodeType: input.nodeType ?? null,
      role: input.role,
      executionId,
      createdAt: new Date().toISOString(),
    })
  })
  return { association }
}

/** A page of a workflow's assets (of one node, execution or role when given). */
export function workflowVideos(
  lib: Uses<'workflowVideos' | 'workflows'> & Partial<Pick<Library, 'visibility'>>,
  input: { id: string; nodeId?: string; executionId?: string; role?: NodeRole; limit: number; offset: number },
): Promise<{ items: WorkflowMedia[]; total: number }> {
  return lib.catalog.transaction(async (repos) => {
    if (!(await repos.workflows.exists(input.id))) throw notFound(input.id)
    const filter = {
      workflowId: input.id,
      nodeId: input.nodeId ?? null,
      executionId: input.executionId ?? null,
      role: input.role ?? null,
      visibleIn: visibleInParam(lib.visibility),
    }
    return repos.workflowVideos.page(filter, input.limit, input.offset)
  })
}

/** Statistics across workflows, or of one workflow's assets and runs. */
export function workflowStats(lib: Uses<'workflows'>, id?: string): Promise<WorkflowStats> {
  return lib.catalog.transaction(async (repos) => {
    if (id !== undefined && !(await repos.workflows.exists(id))) throw notFound(id)
    return repos.workflows.stats(id ?? null)
  })
}

/** The workflow as the contract shows it; not_found when there is none. */
export async function requireWorkflow(repos: Pick<CatalogRepos, 'workflows'>, id: string): Promise<Workflow> {
  const row = await repos.workflows.get(id)
  if (!row) throw notFound(id)
  return { ...row, definition: storedJson(row.definition), definitionText: row.definition }
}

function notFound(id: string): AppError {
  return new AppError('not_found', `No workflow with id ${id}.`)
}
