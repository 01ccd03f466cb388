import { createExecution, getExecution, listExecutions, updateExecution } from '../services/workflows/executions'
import { getGeneration, setGeneration } from '../services/workflows/generation'
import {
  associateVideo,
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  listWorkflows,
  updateWorkflow,
  workflowStats,
  workflowVideos,
} from '../services/workflows/workflows'
import { diffVersions, getDefinition, listVersions } from '../services/workflows/versions'
import { heldWorkflowRecords, putWorkflowRecords } from '../services/workflows/put-workflow-records'
import type { HandlerGroup } from './handler-types'

export const workflowHandlers = {
  'workflows:list': (input, lib) => listWorkflows(lib, input),
  'workflows:get': ({ id }, lib) => getWorkflow(lib, id),
  'workflows:create': (input, lib) => createWorkflow(lib, input),
  'workflows:update': ({ id, ...changes }, lib) => updateWorkflow(lib, id, changes),
  'workflows:delete': ({ id }, lib) => deleteWorkflow(lib, id),
  'workflows:associate': (input, lib) => associateVideo(lib, input),
  'workflows:videos': (input, lib) => workflowVideos(lib, input),
  'workflows:stats': ({ id }, lib) => workflowStats(lib, id),
  'workflows:versions': ({ id }, lib) => listVersions(lib, id),
  'workflows:definition': (input, lib) => getDefinition(lib, input),
  'workflows:diff': ({ id, from, to }, lib) => diffVersions(lib, id, from, to),
  'workflows:put': (input, lib) => putWorkflowRecords(lib, input),
  'workflows:held': (input, lib) => heldWorkflowRecords(lib, input),
  'executions:list': (input, lib) => listExecutions(lib, input),
  'executions:get': ({ id }, lib) => getExecution(lib, id),
  'executions:create': (input, lib) => createExecution(lib, input),
  'executions:update': ({ id, ...changes }, lib) => updateExecution(lib, id, changes),
  'generation:get': ({ id }, lib) => getGeneration(lib, id),
  'generation:set': ({ id, ...details }, lib) => setGeneration(lib, id, details),
} satisfies HandlerGroup
