import type { RunComparison } from '../../../../shared/contract'
import { formatDateTime } from '../../format'

export type ComparedRun = RunComparison['runs'][number]
export type ComparedInput = RunComparison['inputs'][number]
export type ComparedOutput = ComparedRun['outputs'][number]

/** A line of facts about the runs themselves, one text per run. */
export interface FactRow {
  label: string
  values: string[]
}

/** The runs' own facts: the version (only when they differ), status, start, duration and cached nodes. */
export function factRows(comparison: Pick<RunComparison, 'runs' | 'versionsDiffer'>): FactRow[] {
  const { runs } = comparison
  const rows: FactRow[] = []
  if (comparison.versionsDiffer) {
    rows.push({ label: 'Version', values: runs.map((run) => (run.version === null ? 'unknown' : `${run.version}`)) })
  }
  rows.push(
    { label: 'Status', values: runs.map((run) => run.status[0].toUpperCase() + run.status.slice(1)) },
    { label: 'Started', values: runs.map((run) => (run.startedAt ? formatDateTime(run.startedAt) : '—')) },
    { label: 'Duration', values: runs.map((run) => secondsText(run.seconds)) },
    { label: 'Cached nodes', values: runs.map((run) => cachedText(run.cachedNodes)) },
  )
  return rows
}

// Runs compared want the small differences: "12.35 s", not "12 s". A file's run has one instant for both times.
function secondsText(seconds: number | null): string {
  if (seconds === null || !(seconds > 0)) return '—'
  return `${seconds.toLocaleString(undefined, { maximumFractionDigits: 2 })} s`
}

// A run that did not say (a file's run, an old import) is not a run that cached nothing.
function cachedText(nodes: readonly string[] | null): string {
  if (nodes === null) return 'not recorded'
  return nodes.length === 0 ? 'none' : nodes.join(', ')
}

/** The inputs the table lists: those whose values differ, or all of them. */
export function shownInputs(inputs: readonly ComparedInput[], all: boolean): ComparedInput[] {
  return all ? [...inputs] : inputs.filter((input) => input.differs)
}

/**
 * Which of an input's values to highlight: those unlike the first run's, the column the others are read
 * against. Values are compared as text: two seeds past 2^53 that one float would hold are still told apart.
 */
export function changedFromFirst(values: readonly (string | null)[]): boolean[] {
  return values.map((value, index) => index > 0 && value !== values[0])
}

/** One save node's outputs across the runs: one list per run, in the runs' order (empty where a run made none). */
export interface OutputGroup {
  key: string
  nodeId: string | null
  nodeType: string | null
  perRun: ComparedOutput[][]
}

/** The runs' outputs grouped by the node that saved them, nodes in id order (those of no known node last). */
export function outputGroups(runs: readonly ComparedRun[]): OutputGroup[] {
  const groups = new Map<string, OutputGroup>()
  runs.forEach((run, index) => {
    for (const output of run.outputs) {
      const key = output.nodeId ?? ''
      const group = groups.get(key) ?? {
        key,
        nodeId: output.nodeId,
        nodeType: output.nodeType,
        perRun: runs.map(() => []),
      }
      group.nodeType ??= output.nodeType
      group.perRun[index].push(output)
      groups.set(key, group)
    }
  })
  return [...groups.values()].sort((a, b) => {
    if ((a.nodeId === null) !== (b.nodeId === null)) return a.nodeId === null ? 1 : -1
    return (a.nodeId ?? '').localeCompare(b.nodeId ?? '', undefined, { numeric: true })
  })
}

/** A node as the page names it: its class and id ("KSampler #3"). */
export function nodeName(classType: string | null, nodeId: string | null): string {
  if (nodeId === null) return classType ?? 'Unknown node'
  return `${classType ?? 'Node'} #${nodeId}`
}
