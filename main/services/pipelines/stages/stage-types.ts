import type { z } from 'zod'
import type { MediaAsset } from '../../../../shared/contract'
import type { StageName } from '../../../../shared/pipeline-stages'
import type { TimelineFrameRow, TimelineRow } from '../../../db/repos/timelines'
import type { Library } from '../../library-context'
import type { JsonObject } from '../../../pipelines/checkpoint-rules'
import type { ObjectStore } from '../../../storage/object-store'

/** What a stage reads of the library: the parts its analyses, tools, source file and search text use. */
export type StageLibrary = Pick<Library, 'catalog' | 'dir' | 'ingest' | 'rowNames' | 'store' | 'tools'>

/** What a stage gets: the asset and its timeline, the outputs of the stages it reads, its config, and the job's means. */
export interface StageContext<C> {
  lib: StageLibrary
  asset: MediaAsset
  timeline: TimelineRow
  /** The timeline's frames' facts, in order. */
  frames: TimelineFrameRow[]
  /** The library's frames, by `frameKey` (see frameStore). */
  store: ObjectStore
  /** Stage → output, for each stage it reads. */
  inputs: Partial<Record<StageName, unknown>>
  config: C
  signal: AbortSignal
  progress(fraction: number): void
}

/** A stage: a pure function of its inputs and config (the same inputs and config give the same output). */
export interface StageDefinition<C = unknown, O = unknown> {
  name: StageName
  /** Part of the cache key: a change of what the stage computes bumps it. */
  version: number
  /** Its config's schema, defaults included (`config.parse({})` is the default config). */
  config: z.ZodType<C>
  /** The stages whose outputs it reads (a checkpoint must carry them). */
  reads: StageName[]
  /** Whether it reads the timeline's frames (then the timeline is part of its cache key). */
  readsFrames: boolean
  run(context: StageContext<C>): Promise<O>
  /** The stats a checkpoint of this output shows (also for an output that came from the cache). */
  statsOf(output: O): JsonObject
  /** Keeps what the library indexes from an output (ran or cached) for the asset, such as its search text. */
  indexOutput?(lib: StageLibrary, assetId: string, output: O): Promise<void>
}
