import type { z } from 'zod'
import { libraryChannels, libraryEvents } from './contract/library'
import { mediaChannels, mediaEvents } from './contract/media'
import { browseChannels } from './contract/browse'
import { trashChannels } from './contract/trash'
import { healthChannels } from './contract/health'
import { pushChannels } from './contract/push'
import { collectionChannels } from './contract/collections'
import { collectionShareChannels } from './contract/collection-shares'
import { statsChannels } from './contract/stats'
import { jobChannels, jobEvents } from './contract/jobs'
import { analysisChannels } from './contract/analyses'
import { processingChannels } from './contract/processing'
import { workflowChannels } from './contract/workflows'
import { workflowVersionChannels } from './contract/workflow-versions'
import { workflowPutChannels } from './contract/workflow-put'
import { generatedImportChannels } from './contract/generated-import'
import { historyChannels } from './contract/comfy-history'
import { batchChannels } from './contract/batches'
import { similarChannels } from './contract/similar'
import { comfyRunChannels } from './contract/comfy-runs'
import { pipelineChannels } from './contract/pipelines'
import { watchFolderChannels } from './contract/watch-folders'
import { savedSearchChannels } from './contract/saved-searches'
import { stackChannels } from './contract/stacks'
import { subtitleChannels } from './contract/subtitles'
import { peopleChannels, peopleEvents } from './contract/people'
import { changeChannels, changeEvents } from './contract/changes'
import { removalChannels } from './contract/removals'
import { commentChannels } from './contract/comments'
import { reviewChannels } from './contract/review'
import { inboxChannels } from './contract/inbox'
import { reviewLinkChannels } from './contract/review-links'

export * from './contract/review-status'
export * from './contract/review'
export * from './contract/review-links'
export * from './contract/comments'
export * from './contract/inbox'
export * from './contract/library'
export * from './contract/media'
export * from './contract/import-items'
export * from './contract/media-query'
export * from './contract/browse'
export * from './contract/edit-versions'
export * from './contract/trash'
export * from './contract/health'
export * from './contract/push'
export * from './contract/collections'
export * from './contract/download'
export * from './contract/collection-shares'
export * from './contract/stats'
export * from './contract/jobs'
export * from './contract/analyses'
export * from './contract/processing'
export * from './contract/workflows'
export * from './contract/workflow-versions'
export * from './contract/workflow-put'
export * from './contract/generated-import'
export * from './contract/comfy-history'
export * from './contract/batches'
export * from './contract/similar'
export * from './contract/upkeep-jobs'
export * from './contract/comfy-runs'
export * from './contract/pipelines'
export * from './contract/watch-folders'
export * from './contract/saved-searches'
export * from './contract/stacks'
export * from './contract/subtitles'
export * from './contract/changes'
export * from './contract/people'
export * from './contract/removals'
export * from './contract/topics'

/** Every request channel: `domain:verb` → zod input and output schemas. */
export const contract = {
  ...libraryChannels,
  ...mediaChannels,
  ...browseChannels,
  ...trashChannels,
  ...healthChannels,
  ...pushChannels,
  ...collectionChannels,
  ...collectionShareChannels,
  ...statsChannels,
  ...jobChannels,
  ...analysisChannels,
  ...processingChannels,
  ...workflowChannels,
  ...workflowVersionChannels,
  ...workflowPutChannels,
  ...generatedImportChannels,
  ...historyChannels,
  ...batchChannels,
  ...similarChannels,
  ...comfyRunChannels,
  ...pipelineChannels,
  ...watchFolderChannels,
  ...savedSearchChannels,
  ...stackChannels,
  ...subtitleChannels,
  ...changeChannels,
  ...peopleChannels,
  ...removalChannels,
  ...commentChannels,
  ...reviewChannels,
  ...inboxChannels,
  ...reviewLinkChannels,
} as const

/** Every push event the backend sends: name → zod payload schema. */
export const events = {
  ...libraryEvents,
  ...mediaEvents,
  ...jobEvents,
  ...changeEvents,
  ...peopleEvents,
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>
/** One push event as delivered to a listener. */
export type EventMessage = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName]

/** The typed client the renderer calls: one async function per channel. */
export type Api = { [C in Channel]: (input: ChannelInput<C>) => Promise<ChannelOutput<C>> }

/** All channel names, in contract order. */
export const channels = Object.keys(contract) as Channel[]

/** True when `name` is a channel of the contract. */
export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name)
}
