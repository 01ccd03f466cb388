import type { ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { PutTally } from '../../../shared/contract/cache-rows'
import { AppError } from '../../../shared/errors'
import type { LocalLibrary } from '../library-context'
import type { HubCalls } from './push-hub'
import { addTally, batchesOf, jsonBytes, type PushSteps } from './push-batches'

type Put = ChannelInput<'workflows:put'>
type Items = Pick<Put, 'definitions' | 'executions' | 'associations'>

// Runs that have not ended: a hub would show them running forever (nothing runs them there).
const UNFINISHED: ReadonlySet<string> = new Set(['queued', 'running'])
// What one workflows:put carries at most (the contract's counts; bytes well under the hub's 24 MiB for a document).
const DEFINITIONS_PER_CALL = 50
const RUNS_PER_CALL = 200
const ASSOCIATIONS_PER_CALL = 500
const BYTES_PER_CALL = 8 * 1024 * 1024
// Rows read from the library at a time.
const PAGE = 200

/** What a push did with the library's workflows: rows made or there, and the same for what they hold. */
export interface PushedWorkflows {
  added: number
  present: number
  definitions: PutTally
  runs: PutTally
  associations: PutTally
  /** Workflows the hub refused (in its words), with what they hold; the rest went on. */
  refused: Array<{ id: string; name: string; reason: string }>
}

export const noWorkflows = (): PushedWorkflows => ({
  added: 0,
  present: 0,
  definitions: { added: 0, present: 0 },
  runs: { added: 0, present: 0 },
  associations: { added: 0, present: 0 },
  refused: [],
})

// What the hub answers about a request it refuses: the item's own fault (a workflow's, a timeline's), not the push's.
export const REFUSALS: ReadonlySet<string> = new Set(['validation', 'conflict', 'not_found'])

/**
 * Sends every workflow of the library with its definitions (oldest first, so versions keep their order), its runs
 * and the associations of its pushed assets (`onHub`: each pushed asset's hub id), each by workflows:put, which
 * keeps what the hub has; definitions and runs the hub holds (workflows:held) are not sent again. Progress a line
 * per workflow. One the hub refuses is noted with its reason; the rest go on.
 */
export async function pushWorkflows(
  { lib, hub }: { lib: LocalLibrary; hub: HubCalls },
  onHub: Map<string, string>,
  tally: PushedWorkflows,
  { report, signal }: PushSteps,
): Promise<void> {
  const { workflows } = lib.catalog.repos
  const ids = await workflows.ids()
  for (const [index, id] of ids.entries()) {
    const row = (await workflows.get(id))!
    signal.throwIfAborted()
    report(`Workflow ${index + 1}/${ids.length}: ${row.name}`)
    const sent: Put['workflow'] = {
      id,
      name: row.name,
      nameOrigin: await workflows.nameOrigin(id),
      description: row.description,
      status: row.status,
      format: row.format,
      definition: row.definition,
      source: row.source,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }
    try {
      await pushWorkflow(lib, hub, sent, onHub, tally)
    } catch (error) {
      if (!(error instanceof AppError) || !REFUSALS.has(error.code)) throw error
      tally.refused.push({ id, name: row.name, reason: error.message })
    }
  }
}

async function pushWorkflow(
  lib: LocalLibrary,
  hub: HubCalls,
  workflow: Put['workflow'],
  onHub: Map<string, string>,
  tally: PushedWorkflows,
): Promise<void> {
  const localId = workflow.id
  // The workflow on the hub may be another (one of the same shape): the rest goes to the one the first put names.
  let hubId = localId
  // What the hub holds is asked first and not sent again (a definition or a run's data may be megabytes).
  const held = (ask: { definitionHashes?: string[]; executionIds?: string[] }) =>
    hub.call('workflows:held', { workflowId: hubId, ...ask })
  let there = (await held({})).exists
  if (there) tally.present += 1
  const send = async (items: Items) => {
    const answer = await hub.call('workflows:put', { workflow: { ...workflow, id: hubId }, ...items })
    if (!there) tally[answer.created ? 'added' : 'present'] += 1
    there = true
    hubId = answer.workflowId
    add(tally, answer)
  }
  const budget = BYTES_PER_CALL - jsonBytes(workflow)
  for await (const page of definitionPages(lib, localId)) {
    const heldHashes = new Set(
      there ? (await held({ definitionHashes: page.map((row) => row.hash) })).definitionHashes : [],
    )
    tally.definitions.present += heldHashes.size
    const missing = page
      .filter((row) => !heldHashes.has(row.hash))
      .map(({ definition, format, createdAt }) => ({ text: definition, format, createdAt }))
    for (const definitions of batchesOf(missing, jsonBytes, DEFINITIONS_PER_CALL, budget)) await send({ definitions })
  }
  // A workflow without a kept definition (its row's text is not JSON, or it came from the original manager).
  if (!there) await send({})
  // A run still queued or running here goes once it has ended (a later push), and so do the links that name it.
  const unfinished = new Set<string>()
  for await (const page of runPages(lib, localId)) {
    const heldIds = new Set((await held({ executionIds: page.map((run) => run.id) })).executionIds)
    tally.runs.present += heldIds.size
    const missing = []
    for (const run of page) {
      if (UNFINISHED.has(run.status)) unfinished.add(run.id)
      else if (!heldIds.has(run.id)) missing.push(run)
    }
    for (const executions of batchesOf(missing, jsonBytes, RUNS_PER_CALL, budget)) await send({ executions })
  }
  for await (const page of associationPages(lib, localId, onHub, unfinished)) {
    for (const associations of batchesOf(page, jsonBytes, ASSOCIATIONS_PER_CALL, budget)) await send({ associations })
  }
}

async function* definitionPages(lib: LocalLibrary, workflowId: string) {
  let after = 0
  for (;;) {
    const rows = await lib.catalog.repos.workflowVersions.definitionsAfter(workflowId, after, PAGE)
    if (rows.length === 0) return
    yield rows
    after = rows.at(-1)!.id
  }
}

async function* runPages(lib: LocalLibrary, workflowId: string) {
  let after = ''
  for (;;) {
    const rows = await lib.catalog.repos.workflowExecutions.runsAfter(workflowId, after, PAGE)
    if (rows.length === 0) return
    yield rows
    after = rows.at(-1)!.id
  }
}

/** The workflow's associations of assets on the hub, by their hub ids, but those naming an `unsent` run. */
async function* associationPages(
  lib: LocalLibrary,
  workflowId: string,
  onHub: Map<string, string>,
  unsent: ReadonlySet<string>,
) {
  let after: { videoId: string; nodeId: string } | null = null
  for (;;) {
    const rows = await lib.catalog.repos.workflowVideos.recordsAfter(workflowId, after, PAGE)
    if (rows.length === 0) return
    yield rows.flatMap(({ videoId, ...link }) => {
      const assetId = onHub.get(videoId)
      const runSent = link.executionId === null || !unsent.has(link.executionId)
      return assetId === undefined || !runSent ? [] : [{ assetId, ...link }]
    })
    after = rows.at(-1)!
  }
}

function add(tally: PushedWorkflows, answer: ChannelOutput<'workflows:put'>): void {
  addTally(tally.definitions, answer.definitions)
  addTally(tally.runs, answer.executions)
  addTally(tally.associations, answer.associations)
}
