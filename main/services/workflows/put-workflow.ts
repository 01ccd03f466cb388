import type { WorkflowFormat, WorkflowStatus } from '../../../shared/contract'
import { automaticName, type NameOrigin } from '../../../shared/workflow-graph/workflow-name'
import { configHash } from '../../hashing/canonical-json'
import { definitionShapeHash } from '../../hashing/workflow-definition'
import { keepDefinition, keepFirstVersion, type DefinitionStores, type KeptDefinition } from './versions'

/** What putWorkflow writes: the definition (its exact `text` when known) and, for a new row, what describes it. */
export interface PutWorkflow {
  definition: unknown
  text?: string
  format: WorkflowFormat
  source?: string | null
  id?: string
  /** A name someone gave (`nameOrigin` says who); without one the workflow is named by its title or what it does. */
  name?: string
  nameOrigin?: NameOrigin
  description?: string | null
  status?: WorkflowStatus
  now: string
}

/**
 * upsertWorkflow's writes alone, for a caller already in a transaction (the import's). A definition without an id
 * joins the id-less workflow of its shape, if there is one, else makes one keyed by its content. Every definition is
 * kept exactly, once per content hash, in the version of its shape (`kept`: the asset's or run's to point at).
 * A new row without a given name is named automatically (automaticName: its title, else what it does, never
 * a run's prompt). A known row keeps its name, except that a name made from what it does gives way to a
 * title a later definition brings; a given name, a title, and a name of unknown origin never change here.
 */
export async function putWorkflow(
  stores: DefinitionStores,
  input: PutWorkflow,
): Promise<{ id: string; created: boolean; kept: KeptDefinition }> {
  const { definition, format, now } = input
  const hash = configHash(definition)
  // A workflow with no id of its own (an API prompt, A1111 parameters) joins the one of its graph's shape, as
  // versions group (issue 37 point 3): runs of one graph with other values are one workflow, not one each.
  const shape = definitionShapeHash(definition, format)
  await stores.workflows.lockFor(input.id ?? shapeKey(shape, format))
  const rowId = input.id ?? (await stores.workflowVersions.shapeOwner(shape, format)) ?? hash
  const text = input.text ?? JSON.stringify(definition)
  const row = await stores.workflows.get(rowId)
  if (row) {
    await keepFirstVersion(stores, rowId)
    const { description, status } = row
    const origin = await stores.workflows.nameOrigin(rowId)
    const named = origin === 'auto' && input.name === undefined ? automaticName(definition, format, rowId) : null
    const retitled = named?.origin === 'title'
    await stores.workflows.update({
      id: rowId,
      name: retitled ? named.name : row.name,
      nameOrigin: retitled ? named.origin : origin,
      description,
      status,
      definition: text,
      format,
      definitionHash: hash,
      updatedAt: now,
    })
  } else {
    const named = chosenName(input, rowId)
    await stores.workflows.insert({
      id: rowId,
      name: named.name,
      nameOrigin: named.origin,
      description: input.description ?? null,
      status: input.status ?? 'saved',
      definition: text,
      format,
      definitionHash: hash,
      source: input.source ?? null,
      createdAt: now,
      updatedAt: now,
    })
  }
  const kept = await keepDefinition(stores, rowId, { text, value: definition, format }, now)
  return { id: rowId, created: !row, kept }
}

/** The name a put gives: the one given (by a person unless said otherwise), else the definition's own. */
function chosenName(input: PutWorkflow, id: string): { name: string; origin: NameOrigin } {
  if (input.name !== undefined) return { name: input.name, origin: input.nameOrigin ?? 'given' }
  return automaticName(input.definition, input.format, id)
}

/** What writers of workflows keyed by their content take turns on: their shape (lockFor). */
export const shapeKey = (shape: string, format: WorkflowFormat) => `shape:${format}:${shape}`
