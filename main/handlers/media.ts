import { getImport, importPaths, importUploads } from '../services/imports'
import { getMedia, listMedia } from '../services/media'
import type { HandlerGroup } from './handler-types'

export const mediaHandlers = {
  'media:import': ({ paths, link }, lib) => importPaths(lib, paths, link),
  'media:import-uploads': ({ uploads }, lib) => importUploads(lib, uploads),
  'media:list': ({ limit, cursor }, lib) => listMedia(lib, limit, cursor),
  'media:get': ({ id }, lib) => getMedia(lib, id),
  'import:list': ({ limit }, lib) => ({ jobs: lib.repos.importJobs.list(limit) }),
  'import:get': ({ jobId }, lib) => getImport(lib, jobId),
  'import:cancel': async ({ jobId }, lib) => ({ job: await lib.importer.cancel(jobId) }),
} satisfies HandlerGroup
