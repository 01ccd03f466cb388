import type { WorkflowDefinition, WorkflowFormat, WorkflowVersion, WorkflowVersionDiff } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { diffGraphs, toGraph } from '../../../shared/workflow-graph'
import type { CatalogRepos } from '../../db/catalog'
import type { DefinitionRow, WorkflowLink } from '../../db/repos/workflow-versions'
import { parseLenientJson } from '../../../shared/lenient-json'
import { definitionContentHash, definitionShapeHash, readExactJson } from '../../hashing/workflow-definition'
import type { Uses } from '../library-context'

/** The stores a definition is kept in. */
export type DefinitionStores = Pick<CatalogRepos, 'workflows' | 'workflowVersions'>

/** A definition as it came: its exact text, the value read from it, its format. */
export interface GivenDefinition {
  text: string
  value: unknown
  format: WorkflowFormat
}

/** Where a definition went: its row, its version's ordinal, and whether either is new. */
export interface KeptDefinition {
  id: number
  version: number
  versionCreated: boolean
  definitionCreated: boolean
}

/**
 * Keeps a definition of a workflow once per content hash, in the version of its shape: a shape new to
 * the workflow adds its next version (never refused, never collapsed onto another). The workflow row
 * must exist; call inside the caller's transaction, after keepFirstVersion if the row's definition changes.
 */
export async function keepDefinition(
  stores: DefinitionStores,
  workflowId: string,
  given: GivenDefinition,
  now: string,
): Promise<KeptDefinition> {
  const versions = stores.workflowVersions
  const hash = definitionContentHash(given.text, given.value)
  const known = await versions.byHash(workflowId, hash)
  if (known) return { id: known.id, version: known.version, versionCreated: false, definitionCreated: false }
  const shape = definitionShapeHash(given.value, given.format)
  const found = await versions.byShape(workflowId, shape)
  const version = found ?? (await versions.addVersion(workflowId, shape, now))
  const id = await versions.addDefinition({
    workflowId,
    versionId: version.id,
    hash,
    format: given.format,
    text: given.text,
    createdAt: now,
  })
  return { id, version: version.ordinal, versionCreated: !found, definitionCreated: true }
}

/**
 * Makes the workflow row's own definition its version 1 when it has no version yet: a row the original
 * manager wrote after migration 0260 (which did this for the rows before it). Text that is not JSON stays
 * without a version. Call before replacing the row's definition, so the first one is not lost.
 */
export async function keepFirstVersion(stores: DefinitionStores, workflowId: string): Promise<void> {
  if (await stores.workflowVersions.has(workflowId)) return
  const row = await stores.workflows.get(workflowId)
  if (!row) return
  const value = parseLenientJson(row.definition)
  if (!value.ok) return
  const given = { text: row.definition, value: value.value, format: row.format }
  await keepDefinition(stores, workflowId, given, row.createdAt)
}

/** A workflow's versions, oldest first, with their definitions', assets' and runs' counts. */
export function listVersions(
  lib: Uses<'workflows' | 'workflowVersions'>,
  id: string,
): Promise<{ items: WorkflowVersion[] }> {
  return lib.catalog.transaction(async (repos) => {
    await requireRow(repos, id)
    await keepFirstVersion(repos, id)
    return { items: await repos.workflowVersions.list(id) }
  })
}

/** What `workflows:definition` asks for: an asset's (on one workflow), a run's, or a version's or hash's of a workflow. */
export interface DefinitionRequest {
  assetId?: string
  executionId?: string
  workflowId?: string
  version?: number
  hash?: string
}

/**
 * The exact definition an asset or a run came with, or a workflow's version (the definition that
 * opened it) or definition by hash. An asset or run recorded before definitions were kept gets its
 * workflow's version 1 (`recorded: false`).
 */
export function getDefinition(
  lib: Uses<'media' | 'workflows' | 'workflowVersions'>,
  input: DefinitionRequest,
): Promise<{ definition: WorkflowDefinition }> {
  return lib.catalog.transaction(async (repos) => {
    const versions = repos.workflowVersions
    let link: WorkflowLink | undefined
    if (input.assetId !== undefined) {
      if (!(await repos.media.get(input.assetId))) throw new AppError('not_found', `No asset with id ${input.assetId}.`)
      const links = await versions.ofAsset(input.assetId)
      link = links.find((row) => (input.workflowId ?? row.workflowId) === row.workflowId)
      if (!link)
        throw new AppError(
          'not_found',
          `Asset ${input.assetId} is on no workflow${input.workflowId ? ` ${input.workflowId}` : ''}.`,
        )
    } else if (input.executionId !== undefined) {
      link = await versions.ofExecution(input.executionId)
      if (!link) throw new AppError('not_found', `No execution with id ${input.executionId}.`)
    }
    if (link) {
      const row = link.definitionId === null ? undefined : await versions.byId(link.definitionId)
      if (row) return { definition: shown(row, true) }
      return { definition: shown(await versionRow(repos, link.workflowId, 1), false) }
    }
    if (input.workflowId === undefined) {
      throw new AppError('validation', 'Name an asset (`assetId`), a run (`executionId`) or a workflow (`workflowId`).')
    }
    return { definition: shown(await versionRow(repos, input.workflowId, input.hash ?? input.version ?? 1), true) }
  })
}

/** Two versions (by ordinal: the definition that opened each) or definitions (by hash) of a workflow, compared. */
export async function diffVersions(
  lib: Uses<'workflows' | 'workflowVersions'>,
  id: string,
  from: number | string,
  to: number | string,
): Promise<WorkflowVersionDiff> {
  const [before, after] = await lib.catalog.transaction(async (repos) => [
    await versionRow(repos, id, from),
    await versionRow(repos, id, to),
  ])
  const graphOf = (row: DefinitionRow) => toGraph(exactValue(row.definition), row.format)
  return {
    from: { version: before.version, hash: before.hash },
    to: { version: after.version, hash: after.hash },
    ...diffGraphs(graphOf(before), graphOf(after)),
  }
}

/** A definition of the workflow by version ordinal or content hash; not_found in words. */
async function versionRow(repos: DefinitionStores, id: string, which: number | string): Promise<DefinitionRow> {
  await requireRow(repos, id)
  await keepFirstVersion(repos, id)
  const versions = repos.workflowVersions
  const row = await (typeof which === 'number' ? versions.firstOf(id, which) : versions.byHash(id, which))
  if (row) return row
  const count = (await versions.list(id)).length
  const what = typeof which === 'number' ? `version ${which}` : `definition ${which}`
  throw new AppError('not_found', `Workflow ${id} has no ${what} (it has ${count} version${count === 1 ? '' : 's'}).`)
}

async function requireRow(repos: DefinitionStores, id: string): Promise<void> {
  if (!(await repos.workflows.exists(id))) throw new AppError('not_found', `No workflow with id ${id}.`)
}

/** The text read with its integers exact (a seed of 2^64 − 1 compares as itself); leniently when not strict JSON. */
function exactValue(text: string): unknown {
  const exact = readExactJson(text)
  if (exact !== undefined) return exact
  const lenient = parseLenientJson(text)
  return lenient.ok ? lenient.value : null
}

function shown(row: DefinitionRow, recorded: boolean): WorkflowDefinition {
  const { workflowId, version, hash, format, definition, createdAt } = row
  return { workflowId, version, hash, format, text: definition, createdAt, recorded }
}
