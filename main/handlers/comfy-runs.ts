import { comfyServer, setComfyOutputLimit, setComfyServer } from '../services/comfy-runs/comfy-server'
import { compareRuns } from '../services/comfy-runs/compare-runs'
import { runForm, startComfyRun } from '../services/comfy-runs/run-job'
import type { HandlerGroup } from './handler-types'

export const comfyRunHandlers = {
  'comfy:server': (_input, lib) => comfyServer(lib),
  'comfy:set-server': ({ address, baseVersion }, lib) => setComfyServer(lib, address, baseVersion),
  'comfy:set-output-limit': ({ bytes, baseVersion }, lib) => setComfyOutputLimit(lib, bytes, baseVersion),
  'comfy:run-form': (source, lib) => runForm(lib, source),
  'comfy:run': (request, lib) => startComfyRun(lib, request),
  'executions:compare': ({ ids }, lib) => compareRuns(lib, ids),
} satisfies HandlerGroup
