import { AppError } from '../../../shared/errors'
import { fetchOutput } from '../../comfy/fetch-output'
import type { OutputFile } from '../../comfy/run-events'
import { newUploadFile, removeQuietly } from '../../library/atomic-write'
import type { Library, Uses } from '../library-context'
import { importAndWait } from '../assets/imports'
import { comfyOutputLimit } from './comfy-server'
import type { RunState } from './run-record'
import type { SourceFacts } from './run-source'

/** What a ComfyUI run uses of the library: its rows, and the importer its outputs go through. */
export type RunLibrary = Pick<Library, 'actor' | 'catalog' | 'dir' | 'importer'>

/** A file a save node reported, with the node and its class. */
export interface NodeOutput {
  nodeId: string
  nodeType: string | null
  file: OutputFile
}

/**
 * Downloads every file the run's save nodes kept (type `output`; previews ComfyUI deletes are left),
 * then imports them as generated assets and files each on its node and this run. All downloads come
 * before any import: a run whose files cannot all be fetched imports none of them.
 */
export async function importRunOutputs(
  lib: RunLibrary,
  server: string,
  source: SourceFacts,
  run: RunState,
  outputs: readonly NodeOutput[],
  signal: AbortSignal,
): Promise<void> {
  const kept = outputs.filter((output) => output.file.type === 'output')
  const temps: string[] = []
  const sizes: number[] = []
  const maxBytes = await comfyOutputLimit(lib)
  try {
    for (const output of kept) {
      temps.push(await newUploadFile(lib.dir))
      sizes.push((await fetchOutput(server, output.file, temps.at(-1)!, { signal, maxBytes })).bytes)
    }
  } catch (error) {
    await Promise.all(temps.map((temp) => removeQuietly(temp)))
    throw error
  }
  const uploads = kept.map((output, index) => ({
    path: temps[index]!,
    name: output.file.name,
    originalPath: null,
    size: sizes[index]!,
    uploaded: true,
  }))
  if (uploads.length === 0) return
  const { items } = await importAndWait(lib, {
    source: 'upload',
    uploads,
    importedBy: lib.actor,
    sourceType: 'generated',
  })
  const runStarted = run.queuedAt ?? ''
  for (const item of [...items].sort((a, b) => a.seq - b.seq)) {
    const output = kept[item.seq]!
    if (!item.asset) throw new AppError('internal', `${output.file.filename} could not be imported: ${item.reason}`)
    const duplicate = item.outcome === 'duplicate'
    run.outputs.push({ nodeId: output.nodeId, assetId: item.asset.id, duplicate })
    // A file the library held already stays filed on the run that first made it.
    if (!duplicate) await fileOnRun(lib, source, run, output, item.asset.id, runStarted)
  }
}

/**
 * Files an imported output on its save node and this run. The import filed it too, on a run of its own
 * made from the prompt the file carries: that run, made by this import and holding nothing else, goes.
 */
async function fileOnRun(
  lib: Uses<'workflowExecutions' | 'workflowVersions' | 'workflowVideos'>,
  source: SourceFacts,
  run: RunState,
  output: NodeOutput,
  assetId: string,
  runStarted: string,
): Promise<void> {
  await lib.catalog.transaction(async (repos) => {
    const definitionId = (await repos.workflowVersions.ofExecution(run.executionId))?.definitionId ?? null
    const before = await repos.workflowVideos.ofAsset(assetId)
    await repos.workflowVideos.upsert({
      workflowId: source.workflowId,
      videoId: assetId,
      nodeId: output.nodeId,
      nodeType: output.nodeType,
      role: 'output',
      executionId: run.executionId,
      createdAt: new Date().toISOString(),
      // The definition the run came with (its own values), as recordQueuedRun kept it.
      definitionId,
    })
    for (const link of before) {
      if (link.executionId === null || link.executionId === run.executionId) continue
      const made = await repos.workflowExecutions.get(link.executionId)
      if (made && made.createdAt >= runStarted) await repos.workflowExecutions.deleteUnused(link.executionId)
    }
  })
}
