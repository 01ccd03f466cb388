import { randomUUID } from 'node:crypto'
import type { ComfyRunOutcome } from '../../../shared/contract'
import { parseLenientJson } from '../../../shared/lenient-json'
import { interrupt, queuePrompt } from '../../comfy/comfy-client'
import { connectRun, followRun } from '../../comfy/follow-run'
import { outputFiles, type RunEvent } from '../../comfy/run-events'
import type { Uses } from '../library-context'
import { importRunOutputs, type NodeOutput, type RunLibrary } from './run-outputs'
import { recordRun, type RunState } from './run-record'
import type { SourceFacts } from './run-source'

/** Where one run stands, for the job's progress: how far (0–1) and what it does, in words. */
export type RunReport = (fraction: number, doing: string) => void

/** How long a run ComfyUI no longer knows is waited for (followRun's `giveUpMs`; tests shorten it). */
export type RunPatience = { giveUpMs?: number }

/** Where a job's runs go and what they come from. */
export type RunTarget = { server: string; source: SourceFacts; patience: RunPatience }

/**
 * Sends one run to ComfyUI and follows it to its end: the socket opened first, the prompt queued, each
 * event recorded on its execution (started, cached nodes, timings), the outputs fetched, imported and
 * filed when it succeeds. Cancelling interrupts it on the server. Never throws: how it ended is the outcome.
 */
export async function followOneRun(
  lib: RunLibrary,
  { server, source, patience }: RunTarget,
  run: RunState,
  signal: AbortSignal,
  report: RunReport,
): Promise<ComfyRunOutcome> {
  const outputs: NodeOutput[] = []
  const classOf = classTypes(run.promptText)
  const stop = () => {
    if (run.promptId) void interrupt(server, run.promptId).catch(() => undefined)
  }
  signal.addEventListener('abort', stop, { once: true })
  let ended: { status: 'completed' | 'failed' | 'cancelled'; error: string | null } | null = null
  try {
    const clientId = randomUUID()
    // The run's own workflow (its values set); a run stored before runs kept theirs sends its source's.
    const workflow = run.workflow === undefined ? source.workflowText : run.workflow
    const socket = await connectRun(server, clientId, signal)
    try {
      const queued = await queuePrompt(server, {
        promptText: run.promptText,
        clientId,
        ...(workflow === null ? {} : { workflow }),
        signal,
      })
      run.promptId = queued.promptId
    } catch (error) {
      socket.close()
      throw error
    }
    await recordRun(lib, server, source, run)
    report(0, 'Queued on ComfyUI')
    const follow = { promptId: run.promptId, clientId, connection: socket, signal, ...patience }
    for await (const event of followRun(server, follow)) {
      ended ??= await onEvent(lib, server, source, run, event, outputs, classOf, report)
    }
    if (ended === null || ended.status === 'completed') {
      report(1, 'Importing the outputs')
      await importRunOutputs(lib, server, source, run, outputs, signal)
      ended = { status: 'completed', error: null }
    }
  } catch (error) {
    ended = signal.aborted
      ? { status: 'cancelled', error: 'Cancelled: the run was interrupted on ComfyUI.' }
      : { status: 'failed', error: error instanceof Error ? error.message : String(error) }
  } finally {
    signal.removeEventListener('abort', stop)
  }
  run.finishedAt = new Date().toISOString()
  await recordRun(lib, server, source, run, ended.status, ended.error ?? undefined)
  return {
    executionId: run.executionId,
    promptId: run.promptId,
    status: ended.status,
    error: ended.error,
    outputs: run.outputs,
    cachedNodes: run.cachedNodes,
  }
}

/** Records one event; the run's end when it tells one (an error or an interrupt), else null. */
async function onEvent(
  lib: Uses<'workflowExecutions' | 'workflows'>,
  server: string,
  source: SourceFacts,
  run: RunState,
  event: RunEvent,
  outputs: NodeOutput[],
  classOf: Map<string, string>,
  report: RunReport,
): Promise<{ status: 'failed' | 'cancelled'; error: string } | null> {
  const node = (id: string | null) => (id === null ? 'a node' : `node ${id} (${classOf.get(id) ?? 'unknown class'})`)
  switch (event.type) {
    case 'queued':
      report(0, `Queued on ComfyUI (${event.queueRemaining} in its queue)`)
      return null
    case 'started':
      run.startedAt = new Date().toISOString()
      await recordRun(lib, server, source, run, 'running')
      report(0, 'Running')
      return null
    case 'success':
      run.succeededAt = new Date().toISOString()
      return null
    case 'cached':
      // Only the prompt's own nodes, each once: a server may send any list, as often as it likes.
      for (const node of event.nodes)
        if (classOf.has(node) && !run.cachedNodes.includes(node)) run.cachedNodes.push(node)
      return null
    case 'executing':
      report(0, `Running ${node(event.node)}${cachedSoFar(run)}`)
      return null
    case 'progress': {
      const step = `${event.value} of ${event.max}`
      report(event.max > 0 ? event.value / event.max : 0, `Running ${node(event.node)}: ${step}${cachedSoFar(run)}`)
      return null
    }
    case 'executed':
      for (const file of outputFiles(event.output)) {
        outputs.push({ nodeId: event.node, nodeType: classOf.get(event.node) ?? null, file })
      }
      return null
    case 'error':
      return { status: 'failed', error: `ComfyUI failed at ${node(event.nodeId)}: ${event.message}` }
    case 'interrupted':
      return { status: 'cancelled', error: `Interrupted on ComfyUI at ${node(event.nodeId)}.` }
    default:
      return null
  }
}

/** How many nodes ComfyUI answered from its cache, told while the run goes (a person sees why it is quick). */
function cachedSoFar(run: RunState): string {
  const count = run.cachedNodes.length
  return count === 0 ? '' : ` (${count} node${count === 1 ? '' : 's'} from ComfyUI's cache)`
}

/** Each node's class_type, by node id. */
function classTypes(promptText: string): Map<string, string> {
  const parsed = parseLenientJson(promptText)
  const prompt = (parsed.ok ? parsed.value : {}) as Record<string, { class_type?: unknown }>
  return new Map(
    Object.entries(prompt).flatMap(([id, node]) =>
      typeof node?.class_type === 'string' ? [[id, node.class_type] as [string, string]] : [],
    ),
  )
}
