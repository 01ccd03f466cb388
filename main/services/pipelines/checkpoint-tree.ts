import type { CheckpointComparison } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Uses } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'
import { getCheckpoint, type Checkpoint } from './checkpoints'
import { checkpointNode } from './pipeline-views'
import { stageDefinition } from './stages'
import type { StageName } from '../../../shared/pipeline-stages'

async function existing(repos: Pick<CatalogRepos, 'checkpoints'>, id: number): Promise<Checkpoint> {
  const checkpoint = await getCheckpoint(repos, id)
  if (!checkpoint) throw new AppError('not_found', `No checkpoint ${id}.`)
  return checkpoint
}

/** Labels a checkpoint as a scenario, or takes its label away (null). */
export async function labelCheckpoint(lib: Uses<'checkpoints'>, id: number, label: string | null) {
  const { repos } = lib.catalog
  await existing(repos, id)
  await repos.checkpoints.setScenario(id, label)
  return { checkpoint: checkpointNode(await existing(repos, id)) }
}

/** Pins or unpins a checkpoint (a prune keeps pinned ones and their ancestors). */
export async function pinCheckpoint(lib: Uses<'checkpoints'>, id: number, pinned: boolean) {
  const { repos } = lib.catalog
  await existing(repos, id)
  await repos.checkpoints.setPinned(id, pinned)
  return { checkpoint: checkpointNode(await existing(repos, id)) }
}

/**
 * Two to eight checkpoints side by side: each stage's effective config (its defaults with the checkpoint's
 * overrides), the stats, each stage's cache key; only rows that differ unless `all`.
 */
export async function compareCheckpoints(
  lib: Uses<'checkpoints'>,
  ids: number[],
  all: boolean,
): Promise<CheckpointComparison> {
  const checkpoints = await Promise.all(ids.map((id) => existing(lib.catalog.repos, id)))
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
