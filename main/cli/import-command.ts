import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ChannelInput, EventMessage, ImportItem, ImportJob } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { callChannel } from './cli-args'
import type { CliBackend } from './cli-backend'
import type { Upload } from './remote-backend'
import type { Library } from '../services/library-context'
import { loadSampledHasher } from '../media/sampled-id'
import { createSha256Pool } from '../media/sha256-pool'

/** One line of `import` output: a file's outcome. */
export type ImportLine = Pick<ImportItem, 'path' | 'outcome' | 'asset' | 'reason'>

/**
 * `import [--link] <paths...>`: runs one import job, printing each file's outcome as it ends
 * and the summary (on `report`) as soon as the job ends; then, unless the library makes no
 * thumbnails after imports (`--no-thumbnails`), reports thumbnail progress until they are made.
 * Resolves to the finished job.
 */
export async function runImport(
  library: Library,
  paths: string[],
  link: boolean,
  print: (line: ImportLine) => void,
  report: (line: string) => void,
): Promise<ImportJob> {
  let jobId: string | undefined
  let summarized = false
  const importedIds = new Set<string>()
  const thumbnailsDone = new Set<string>()
  const reportThumbnails = () => report(`Thumbnails: ${thumbnailsDone.size}/${importedIds.size}`)
  // Events that come before media:import has answered with the job's id wait here, then go through in order.
  let early: EventMessage[] | undefined = []
  const handle = (event: EventMessage) => {
    if (event.name === 'media:thumbnails' && importedIds.has(event.payload.id)) {
      thumbnailsDone.add(event.payload.id)
      if (summarized) reportThumbnails()
    }
    if (event.name !== 'import:updated' || event.payload.job.id !== jobId || !event.payload.item) return
    const { path: file, outcome, asset, reason } = event.payload.item
    if (outcome === 'imported' && asset) importedIds.add(asset.id)
    print({ path: file, outcome, asset, reason })
  }
  const unsubscribe = library.events.subscribe((event) => (early ? early.push(event) : handle(event)))
  try {
    const absolute = paths.map((target) => path.resolve(target))
    // Through the contract like every other command (the CLI's path gate lets any path in).
    const started = await callChannel(library, 'media:import', { paths: absolute, link })
    jobId = started.job.id
    const waiting = early
    early = undefined
    waiting.forEach(handle)
    await library.importer.idle()
    const job = await library.importer.get(jobId)
    const { imported, duplicate, failed } = job.counts
    report(`Import ${job.state}: ${imported} imported, ${plural(duplicate, 'duplicate')}, ${failed} failed.`)
    summarized = true
    if (library.ingest.thumbnailsAfterImport && importedIds.size > 0) {
      reportThumbnails()
      await library.importer.thumbnailsIdle()
    }
    return job
  } finally {
    unsubscribe()
  }
}

/** Options of `import` that bring a file's generation details and workflow node (`media:import-generated`). */
export const GENERATED_OPTIONS = {
  generation: { type: 'string' },
  node: { type: 'string' },
  role: { type: 'string' },
  execution: { type: 'string' },
} as const

/** What parseArgs gives a generated import (`--workflow` and `--format` are shared with the workflow commands). */
export interface GeneratedValues {
  generation?: string
  workflow?: string
  format?: string[]
  node?: string
  role?: string
  execution?: string
}

export const GENERATED_USAGE = `  import --generation FILE.json [--workflow FILE.json [--format F] --node ID] [--role output|input|intermediate]
     [--execution ID] PATH   import ONE file with its generation details (JSON: provider, model, prompt,
                             negativePrompt, seed, generationParams, ...) and the workflow node that made it;
                             prints {assetId, outcome, workflowId, nodeId, executionId, ...}`

/** True when `import` was given any of the generated-import options. */
export function isGeneratedImport(values: GeneratedValues): boolean {
  return [values.generation, values.workflow, values.node, values.role, values.execution].some((v) => v !== undefined)
}

/**
 * `import --generation … --workflow … --node …  PATH`: one file through `media:import-generated`, by its path (a library
 * this process opened) or as an upload (a host); resolves to its answer.
 */
export async function runGeneratedImport(
  backend: CliBackend,
  file: { path: string } | { upload: Upload },
  values: GeneratedValues,
): Promise<unknown> {
  const generation = values.generation === undefined ? undefined : await generationFile(values.generation)
  const workflow =
    values.workflow === undefined
      ? undefined
      : { definition: await readText(values.workflow, 'workflow'), format: values.format?.[0] as WorkflowFormat }
  return backend.call('media:import-generated', {
    ...file,
    generation,
    workflow,
    nodeId: values.node,
    // Words from the command line: the contract's schema refuses any other than its own.
    role: values.role as GeneratedInput['role'],
    executionId: values.execution,
  })
}

type GeneratedInput = ChannelInput<'media:import-generated'>
type WorkflowFormat = NonNullable<GeneratedInput['workflow']>['format']

/** The generation details file: an object of `generation:set`'s fields; `generationParams` may be an object. */
async function generationFile(file: string): Promise<Record<string, unknown>> {
  const text = await readText(file, 'generation')
  let details: unknown
  try {
    details = JSON.parse(text)
  } catch (error) {
    throw new AppError('validation', `${file} is not JSON: ${(error as Error).message}`)
  }
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new AppError('validation', `${file} must hold a JSON object of generation details.`)
  }
  const out: Record<string, unknown> = { ...details }
  if (out.generationParams !== undefined && typeof out.generationParams !== 'string') {
    out.generationParams = JSON.stringify(out.generationParams)
  }
  // JSON.parse rounds a seed past 2^53 (generators draw up to 2^64 - 1): take its digits from the text.
  if (typeof out.seed === 'number' && !Number.isSafeInteger(out.seed)) {
    const digits = /"seed"\s*:\s*(-?\d+)\s*[,}]/.exec(text)
    if (digits) out.seed = digits[1]
  }
  return out
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new AppError('validation', `Cannot read the ${what} file ${file}: ${(error as Error).message}`)
  }
}

/** `hash <file>`: the sampled id, SHA-256 and size of one file, without a library. */
export async function hashFile(file: string): Promise<{ id: string; sha256: string; size: number }> {
  // Reading a folder fails deep in the hasher with a bare EISDIR; say what is wrong instead.
  if ((await stat(file).catch(() => undefined))?.isDirectory()) {
    throw new AppError('io', `${file} is a folder; hash takes a file.`)
  }
  const hasher = await loadSampledHasher()
  const { id, size } = hasher.ofFile(file)
  const pool = createSha256Pool({ size: 1 })
  try {
    const { digest } = await pool.hashFile(path.resolve(file))
    return { id, sha256: digest, size }
  } finally {
    await pool.close()
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
