import { type MessagePort, parentPort } from 'node:worker_threads'
import { FrameIndex } from './frame-index'
import { describePair, keptFrames } from './frame-match'
import { findPairs } from './similar-groups'
import type {
  AssetCandidate,
  IndexStats,
  PackedFrames,
  SimilarIndexReply,
  SimilarIndexRequest,
  SimilarIndexResults,
} from './similar-index-protocol'
import { unpackFrames } from './similar-index-protocol'

// Started by similar-index-client.ts; holds the frame index so lookups and grouping never block the main process.
// Requests are answered in order; a failing request answers with its error and the index stays as it was.

if (!parentPort) throw new Error('similar-index-worker.ts runs only as a worker thread')
const port: MessagePort = parentPort
let index = new FrameIndex()

port.on('message', (request: SimilarIndexRequest) => {
  let reply: SimilarIndexReply
  try {
    reply = { id: request.id, result: answer(request) }
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error))
    reply = { id: request.id, error: { name, message } }
  }
  port.postMessage(reply)
})

function answer(request: SimilarIndexRequest): SimilarIndexResults[keyof SimilarIndexResults] {
  switch (request.type) {
    case 'reset':
      index = new FrameIndex()
      return stats()
    case 'load':
      return addAll(request.packed, true)
    case 'seal':
      index.rebuild()
      return stats()
    case 'add':
      return addAll(request.packed, false)
    case 'remove':
      return index.remove(request.assetId)
    case 'query':
      return described(index.framesOf(request.assetId), index.queryAsset(request.assetId))
    case 'query-frames': {
      const frames = keptFrames(unpackFrames(request.packed)[0]?.frames ?? [])
      return described(frames, index.queryFrames(frames))
    }
    case 'pairs':
      return relatedPairs(request.id, request.cancel)
    case 'stats':
      return stats()
  }
}

function addAll(packed: PackedFrames, deferTables: boolean): IndexStats {
  for (const { assetId, frames } of unpackFrames(packed)) index.add(assetId, frames, { deferTables })
  return stats()
}

function described(frames: ReturnType<typeof keptFrames>, candidates: ReturnType<FrameIndex['queryAsset']>) {
  return candidates.map((candidate): AssetCandidate => ({
    ...candidate,
    match: describePair(frames, index.framesOf(candidate.assetId), candidate.hits),
  }))
}

function relatedPairs(id: number, cancel: Int32Array) {
  return findPairs(index, {
    onProgress: (done, total) => port.postMessage({ id, progress: { done, total } } satisfies SimilarIndexReply),
    cancelled: () => Atomics.load(cancel, 0) !== 0,
  })
}

function stats(): IndexStats {
  return { ...index.size, bytes: index.bytes }
}
