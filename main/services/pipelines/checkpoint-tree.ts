import type { CheckpointComparison } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../library/library'
import { getCheckpoint, timelineCheckpoints, type Checkpoint } from './checkpoints'
import { checkpointNode } from './pipeline-views'
import { stageDefinition } from './stages'
import type { StageName } from '../../../shared/pipeline-stages'

function existing(lib: Pick<Library, 'repos'>, id: number): Checkpoint {
  const checkpoint = getCheckpoint(lib, id)
  if (!checkpoint) throw new AppError('not_found', `No checkpoint ${id}.`)
  return checkpoint
}

/** Labels a checkpoint as a scenario, or takes its label away (null). */
export function labelCheckpoint(lib: Pick<Library, 'repos'>, id: number, label: string | null) {
  existing(lib, id)
  lib.repos.checkpoints.setScenario(id, label)
  return { checkpoint: checkpointNode(existing(lib, id)) }
}

/** Pins or unpins a checkpoint (a prune keeps pinned ones and their ancestors). */
export function pinCheckpoint(lib: Pick<Library, 'repos'>, id: number, pinned: boolean) {
  existing(lib, id)
  lib.repos.checkpoints.setPinned(id, pinned)
  return { checkpoint: checkpointNode(existing(lib, id)) }
}

/** Deletes a checkpoint and its branch, answering how many checkpoints went; a timeline's root is refused. */
export function deleteBranch(lib: Pick<Library, 'repos'>, id: number): { deleted: number } {
  const checkpoint = existing(lib, id)
  if (checkpoint.parentId === null) {
    throw new AppError('validation', `Checkpoint ${id} is the root of its timeline: delete its branches instead.`)
  }
  const all = timelineCheckpoints(lib, checkpoint.timelineId)
  const deleted = branchOf(all, id).size
  lib.repos.checkpoints.deleteBranch(id)
  return { deleted }
}

/**
 * Keeps a timeline's newest `keep` checkpoints, the pinned ones, the scenarios and the root, with their ancestors;
 * deletes every other branch. Answers how many checkpoints went.
 */
export function pruneTimeline(lib: Pick<Library, 'repos'>, timelineId: number, keep: number): { deleted: number } {
  const all = timelineCheckpoints(lib, timelineId)
  if (all.length === 0) throw new AppError('not_found', `No timeline ${timelineId}, or it has no checkpoints.`)
  const byId = new Map(all.map((checkpoint) => [checkpoint.id, checkpoint]))
  const newest = [...all].sort((a, b) => b.id - a.id).slice(0, keep)
  const kept = new Set<number>()
  for (const start of [...newest, ...all.filter((c) => c.pinned || c.isScenario || c.parentId === null)]) {
    for (let at: Checkpoint | undefined = start; at && !kept.has(at.id); at = byId.get(at.parentId ?? -1)) {
      kept.add(at.id)
    }
  }
  const tops = all.filter((c) => !kept.has(c.id) && c.parentId !== null && kept.has(c.parentId))
  const deleted = tops.reduce((sum, top) => sum + branchOf(all, top.id).size, 0)
  lib.repos.checkpoints.deleteBranches(tops.map((top) => top.id))
  return { deleted }
}

/** A checkpoint and everything below it. */
function branchOf(all: Checkpoint[], id: number): Set<number> {
  const branch = new Set([id])
  // Parents come before children (ids rise), so one pass finds every descendant.
  for (const checkpoint of all)
    if (checkpoint.parentId !== null && branch.has(checkpoint.parentId)) branch.add(checkpoint.id)
  return branch
}

/**
 * Two to eight checkpoints side by side: each stage's effective config (its defaults with the checkpoint's
 * overrides), the stats, each stage's cache key; only rows that differ unless `all`.
 */
export function compareCheckpoints(lib: Pick<Library, 'repos'>, ids: number[], all: boolean): CheckpointComparison {
  const checkpoints = ids.map((id) => existing(lib, id))
  const columns = checkpoints.map((checkpoint) => ({
    ...flatten('config', effectiveConfig(checkpoint)),
    ...flatten('stats', checkpoint.stats),
    ...flatten('key', checkpoint.outputKeys),
  }))
  const paths = [...new Set(columns.flatMap((column) => Object.keys(column)))].sort()
  const rows = paths.map((path) => {
    const values = columns.map((column) => column[path] ?? null)
    const texts = values.map((value) => JSON.stringify(value))
    return { path, values, differs: texts.some((text) => text !== texts[0]) }
  })
  return { checkpoints: checkpoints.map(checkpointNode), rows: all ? rows : rows.filter((row) => row.differs) }
}

function effectiveConfig(checkpoint: Checkpoint): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(checkpoint.outputKeys).map((stage) => {
      const override = checkpoint.configOverrides[stage]
      const config = stageDefinition(stage as StageName).config.safeParse(override ?? {})
      return [stage, config.success ? config.data : override]
    }),
  )
}

/** `{a: {b: 1}}` as `{"prefix.a.b": 1}`; arrays stay whole values. */
function flatten(prefix: string, value: unknown, into: Record<string, unknown> = {}): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(`${prefix}.${key}`, inner, into)
  } else into[prefix] = value
  return into
}
