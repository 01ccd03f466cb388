import type { AssetWorkflow, Generation } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { CatalogRepos } from '../../db/catalog'
import type { GenerationRow } from '../../db/repos/video-generation'
import type { Uses } from '../library-context'
import { isoTime, parseJsonText, seedText, storedJson } from './values'

/** An asset's generation details as a channel gives them; `generationParams` is JSON text. */
export interface GenerationInput {
  provider?: string | null
  model?: string | null
  prompt?: string | null
  negativePrompt?: string | null
  seed?: number | string | null
  generationParams?: string | null
  jobId?: string | null
  status?: string | null
  error?: string | null
  createdAt?: string
  startedAt?: string | null
  completedAt?: string | null
}

/** Adds or replaces an asset's generation details whole (what is left out is stored empty). */
export async function setGeneration(
  lib: Uses<'generation' | 'media'>,
  videoId: string,
  input: GenerationInput,
): Promise<{ generation: Generation }> {
  const row = generationRow(videoId, input)
  const stored = await lib.catalog.transaction(async (repos) => {
    if (!(await repos.media.get(videoId))) throw new AppError('not_found', `No asset with id ${videoId}.`)
    return repos.generation.put(row)
  })
  return { generation: await toGeneration(lib.catalog.repos, stored) }
}

/** The row `setGeneration` stores, checked (JSON parameters, times) before anything is written. */
export function generationRow(videoId: string, input: GenerationInput): GenerationRow {
  const params = input.generationParams ?? null
  if (params !== null) parseJsonText(params, 'The generation parameters text')
  return {
    videoId,
    provider: input.provider ?? null,
    model: input.model ?? null,
    prompt: input.prompt ?? null,
    negativePrompt: input.negativePrompt ?? null,
    seed: seedText(input.seed),
    generationParams: params,
    jobId: input.jobId ?? null,
    status: input.status ?? null,
    error: input.error ?? null,
    createdAt: input.createdAt === undefined ? new Date().toISOString() : isoTime(input.createdAt, 'The creation time'),
    startedAt: input.startedAt == null ? null : isoTime(input.startedAt, 'The start time'),
    completedAt: input.completedAt == null ? null : isoTime(input.completedAt, 'The completion time'),
  }
}

/** An asset's generation details (null when it has none) and the workflow nodes it is on. */
export function getGeneration(
  lib: Uses<'generation' | 'media' | 'workflowVideos'>,
  videoId: string,
): Promise<{ generation: Generation | null; workflows: AssetWorkflow[] }> {
  return lib.catalog.transaction(async (repos) => {
    if (!(await repos.media.get(videoId))) throw new AppError('not_found', `No asset with id ${videoId}.`)
    const row = await repos.generation.get(videoId)
    const generation = row ? await toGeneration(repos, row) : null
    return { generation, workflows: await repos.workflowVideos.ofAsset(videoId) }
  })
}

/**
 * A row as the channel gives it. Parameters that name the model only by its hash (A1111, Forge) get the name
 * another file of the library gives that hash, said to be known by the hash (issue 37 point 4).
 */
async function toGeneration(repos: Pick<CatalogRepos, 'generation'>, row: GenerationRow): Promise<Generation> {
  const generationParams = storedJson(row.generationParams)
  const hash = row.model === null ? modelHashOf(generationParams) : null
  const named = hash === null ? undefined : await repos.generation.modelByHash(hash)
  return { ...row, generationParams, ...(named && { model: `${named} (known by its hash ${hash})` }) }
}

function modelHashOf(params: unknown): string | null {
  const hash = typeof params === 'object' && params !== null ? (params as Record<string, unknown>)['Model hash'] : null
  return typeof hash === 'string' && hash !== '' ? hash : null
}
