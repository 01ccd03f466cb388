import type { RunComparison } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { parseLenientJson } from '../../../shared/lenient-json'
import type { Uses } from '../library-context'
import type { ExecutionRow } from '../../db/repos/workflow-executions'
import { promptInputs } from './prompt-inputs'
import { promptOf, runVersion } from './run-source'

/**
 * Two to eight runs side by side: each one's version, timings, cached nodes and outputs per save
 * node, and every widget input of their prompts with one value per run (compared as the prompts'
 * text has them, so seeds past 2^53 are told apart), those that differ flagged.
 */
export function compareRuns(
  lib: Uses<'workflowExecutions' | 'workflowVersions' | 'workflowVideos'>,
  ids: readonly string[],
): Promise<RunComparison> {
  return lib.catalog.transaction(async (repos) => {
    const rows: ExecutionRow[] = []
    for (const id of ids) {
      const row = await repos.workflowExecutions.get(id)
      if (!row) throw new AppError('not_found', `No execution with id ${id}.`)
      rows.push(row)
    }
    const runs: RunComparison['runs'] = []
    for (const row of rows) {
      const media = await repos.workflowVideos.ofExecution(row.id)
      runs.push({
        id: row.id,
        workflowId: row.workflowId,
        status: row.status,
        version: await runVersion(repos.workflowVersions, row.id),
        startedAt: row.startedAt,
        completedAt: row.completedAt,
        seconds: secondsBetween(row.startedAt, row.completedAt),
        cachedNodes: cachedNodesOf(row.executionData),
        outputs: media
          .filter(({ role }) => role === 'output')
          .map(({ nodeId, nodeType, asset }) => ({ nodeId, nodeType, asset })),
      })
    }
    const byKey = new Map<string, RunComparison['inputs'][number]>()
    rows.forEach((row, index) => {
      const prompt = promptOf(row.executionData)
      for (const input of prompt === null ? [] : promptInputs(prompt)) {
        const key = JSON.stringify([input.nodeId, input.input])
        const entry = byKey.get(key) ?? {
          nodeId: input.nodeId,
          classType: input.classType,
          input: input.input,
          values: rows.map(() => null),
          differs: false,
        }
        entry.values[index] = input.value
        byKey.set(key, entry)
      }
    })
    const inputs = [...byKey.values()].map((entry) => ({
      ...entry,
      differs: new Set(entry.values).size > 1,
    }))
    return { runs, inputs, versionsDiffer: new Set(runs.map((run) => run.version)).size > 1 }
  })
}

function secondsBetween(start: string | null, end: string | null): number | null {
  if (start === null || end === null) return null
  return (Date.parse(end) - Date.parse(start)) / 1000
}

/** The cached nodes a run recorded (a run through Framevault or a history import); null when it did not say. */
function cachedNodesOf(executionData: string | null): string[] | null {
  if (executionData === null) return null
  const parsed = parseLenientJson(executionData)
  const cached = parsed.ok ? (parsed.value as { cachedNodes?: unknown }).cachedNodes : undefined
  return Array.isArray(cached) ? cached.filter((node): node is string => typeof node === 'string') : null
}
