import { adoptPluginRows } from '../services/analyses/adopt-plugin-rows'
import { startAnalysis } from '../services/analyses/analyze-asset'
import { openExternalCaches } from '../services/analyses/external-caches'
import { deleteAnalysis, listAnalyses, searchAnalyses } from '../services/analyses/list-analyses'
import { putAnalyses } from '../services/analyses/put-analyses'
import type { HandlerGroup } from './handler-types'

export const analysisHandlers = {
  'analysis:run': async (input, lib) => ({ job: await startAnalysis(lib, input) }),
  'analysis:list': ({ assetId }, lib) => listAnalyses(lib, assetId),
  'analysis:search': (input, lib) => searchAnalyses(lib, input),
  'caches:open': ({ path }, lib) => openExternalCaches(lib, path),
  'caches:adopt-rows': (input, lib) => adoptPluginRows(lib, input),
  'analysis:delete': ({ assetId, analysisId }, lib) => deleteAnalysis(lib, assetId, analysisId),
  'analysis:put': (input, lib) => putAnalyses(lib, input),
} satisfies HandlerGroup
