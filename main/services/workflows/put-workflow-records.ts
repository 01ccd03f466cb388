import type { ChannelOutput, ParsedInput } from '../../../shared/contract'
import type { PutTally } from '../../../shared/contract/cache-rows'
import { AppError } from '../../../shared/errors'
import type { Uses } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'
import { configHash } from '../../hashing/canonical-json'
import { definitionShapeHash } from '../../hashing/workflow-definition'
import { storedJson, isoTime, parseJsonText } from './values'
import { shapeKey } from './put-workflow'
import { keepDefinition, keepFirstVersion } from './versions'

type Put = ParsedInput<'workflows:put'>

/**
 * Adds a workflow recorded in another library (a push) with what this one lacks of it, in one transaction: the row,
 * its definitions in the order sent, its runs and its assets' associations, linked to definitions by content hash.
 * What is here already stays as it is; runs and associations must name definitions sent now or before.
 */
export function putWorkflowRecords(
  lib: Uses<'media' | 'workflowExecutions' | 'workflows' | 'workflowVersions' | 'workflowVideos'>,
  input: Put,
): Promise<ChannelOutput<'workflows:put'>> {
  return lib.catalog.transaction(async (repos) => {
    const { id, created } = await ensureRow(repos, input)
    // A row here without versions (the original manager's) keeps its own definition as version 1 before others.
    if (!created) await keepFirstVersion(repos, id)
    const definitions = noTally()
    for (const sent of input.definitions) {
      const value = parseJsonText(sent.text, 'A definition')
      const given = { text: sent.text, value, format: sent.format }
      const kept = await keepDefinition(repos, id, given, isoTime(sent.createdAt, 'A definition’s time'))
      count(definitions, kept.definitionCreated)
    }
    // A row sent without definitions (the sender kept none) is its own version 1, as the sender's is when read.
    if (created) await keepFirstVersion(repos, id)
    // Runs and links of one call mostly name a few definitions: each is looked up once.
    const definitionIds = new Map<string, number>()
    const definitionId = async (hash: string | null) => {
      if (hash === null) return null
      const known = definitionIds.get(hash)
      if (known !== undefined) return known
      const row = await repos.workflowVersions.byHash(id, hash)
      if (!row) throw new AppError('validation', `Workflow ${id} has no definition ${hash} here: send it first.`)
      definitionIds.set(hash, row.id)
      return row.id
    }
    const executions = noTally()
    for (const run of input.executions) count(executions, await putRun(repos, id, run, definitionId))
    const associations = noTally()
    for (const link of input.associations) {
      if (!(await repos.media.get(link.assetId))) throw new AppError('not_found', `No asset ${link.assetId}.`)
      if (link.executionId !== null) await requireRunOf(repos, id, link.executionId)
      const added = await repos.workflowVideos.addIfAbsent({
        workflowId: id,
        videoId: link.assetId,
        nodeId: link.nodeId,
        nodeType: link.nodeType,
        role: link.role,
        executionId: link.executionId,
        createdAt: isoTime(link.createdAt, 'An association’s time'),
        definitionId: await definitionId(link.definitionHash),
      })
      count(associations, added)
    }
    return { workflowId: id, created, definitions, executions, associations }
  })
}

/** Which of the definitions and runs asked about the library holds of a workflow (`workflows:held`). */
export async function heldWorkflowRecords(
  lib: Uses<'workflowExecutions' | 'workflowVersions' | 'workflows'>,
  { workflowId, definitionHashes, executionIds }: ParsedInput<'workflows:held'>,
): Promise<ChannelOutput<'workflows:held'>> {
  const { workflows, workflowVersions, workflowExecutions } = lib.catalog.repos
  if (!(await workflows.exists(workflowId))) return { exists: false, definitionHashes: [], executionIds: [] }
  return {
    exists: true,
    definitionHashes: definitionHashes.length ? await workflowVersions.heldHashes(workflowId, definitionHashes) : [],
    executionIds: executionIds.length ? await workflowExecutions.heldIds(workflowId, executionIds) : [],
  }
}

/**
 * The workflow the items go to: the row of the id sent; else, for a workflow keyed by its content, the one of its
 * first definition's shape here (as an import here would have joined it); else the row sent, written as it is.
 */
async function ensureRow(
  repos: Pick<CatalogRepos, 'workflowVersions' | 'workflows'>,
  { workflow, definitions }: Put,
): Promise<{ id: string; created: boolean }> {
  const first = definitions[0]
  const keyed = workflow.id.startsWith('sha256:') && first !== undefined
  const shape = keyed ? definitionShapeHash(parseJsonText(first.text, 'A definition'), first.format) : null
  // As putWorkflow: an import of the same workflow at this moment waits, or is waited for.
  await repos.workflows.lockFor(shape === null ? workflow.id : shapeKey(shape, first!.format))
  if (await repos.workflows.exists(workflow.id)) return { id: workflow.id, created: false }
  if (shape !== null) {
    const owner = await repos.workflowVersions.shapeOwner(shape, first!.format)
    if (owner !== undefined) return { id: owner, created: false }
  }
  await repos.workflows.insert({
    ...workflow,
    definitionHash: configHash(storedJson(workflow.definition)),
    createdAt: isoTime(workflow.createdAt, 'The workflow’s creation time'),
    updatedAt: isoTime(workflow.updatedAt, 'The workflow’s update time'),
  })
  return { id: workflow.id, created: true }
}

/** Writes the run unless it is here; true when written. A run of that id on another workflow is refused in words. */
async function putRun(
  repos: Pick<CatalogRepos, 'workflowExecutions' | 'workflows'>,
  workflowId: string,
  run: Put['executions'][number],
  definitionId: (hash: string | null) => Promise<number | null>,
): Promise<boolean> {
  const there = await repos.workflowExecutions.get(run.id)
  if (there) {
    if (there.workflowId !== workflowId) throw runElsewhere(run.id, there.workflowId, workflowId)
    return false
  }
  if (run.executionData !== null) parseJsonText(run.executionData, 'The execution data')
  const startedAt = run.startedAt === null ? null : isoTime(run.startedAt, 'The start time')
  await repos.workflowExecutions.insert({
    id: run.id,
    workflowId,
    status: run.status,
    startedAt,
    completedAt: run.completedAt === null ? null : isoTime(run.completedAt, 'The completion time'),
    executionData: run.executionData,
    error: run.error,
    createdAt: isoTime(run.createdAt, 'The run’s creation time'),
    definitionId: await definitionId(run.definitionHash),
  })
  if (startedAt !== null) await repos.workflows.ran(workflowId, startedAt)
  return true
}

async function requireRunOf(
  repos: Pick<CatalogRepos, 'workflowExecutions'>,
  workflowId: string,
  executionId: string,
): Promise<void> {
  const run = await repos.workflowExecutions.get(executionId)
  if (!run) throw new AppError('not_found', `No execution with id ${executionId}: send it first.`)
  if (run.workflowId !== workflowId) throw runElsewhere(executionId, run.workflowId, workflowId)
}

function runElsewhere(id: string, there: string, sent: string): AppError {
  return new AppError('conflict', `Execution ${id} is a run of workflow ${there} here, not of ${sent}.`)
}

const noTally = (): PutTally => ({ added: 0, present: 0 })

function count(tally: PutTally, added: boolean): void {
  if (added) tally.added += 1
  else tally.present += 1
}
