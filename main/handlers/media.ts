import { heldContents } from '../services/assets/held-contents'
import { getImport, importPaths, importUploads } from '../services/assets/imports'
import { searchMedia, searchMediaRecords } from '../services/assets/media-search'
import { provenanceOf, revealAsset } from '../services/assets/provenance'
import { getMediaWithTags } from '../services/assets/tags'
import { removedFrom } from '../services/removals/removals'
import type { HandlerGroup } from './handler-types'

export const mediaHandlers = {
  'media:import': ({ paths, link }, lib) => importPaths(lib, paths, link),
  'media:import-uploads': ({ uploads }, lib) => importUploads(lib, uploads),
  'media:list': ({ view, ...request }, lib) =>
    view === 'full' ? searchMediaRecords(lib, request) : searchMedia(lib, request),
  'media:held': ({ hashes }, lib) => heldContents(lib, hashes),
  'media:removed': ({ hashes }, lib) => removedFrom(lib, hashes),
  'media:get': ({ id }, lib) => getMediaWithTags(lib, id),
  'media:provenance': ({ id }, lib) => provenanceOf(lib, id),
  'media:reveal': ({ id }, lib) => revealAsset(lib, id),
  'import:list': async ({ limit }, lib) => ({ jobs: await lib.importer.list(limit) }),
  'import:get': (input, lib) => getImport(lib, input),
  'import:cancel': async ({ jobId }, lib) => ({ job: await lib.importer.cancel(jobId) }),
} satisfies HandlerGroup
