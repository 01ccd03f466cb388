import path from 'node:path'
import { forkHelper, type HelperProcess, type StartHelper } from './helper-process'
import { ToolError, type RunTool, type ToolOutput } from './tool-io'
import { workerScript } from './worker-script'

/** A request to the tool runner process: run a tool, or cancel a run. */
export type ToolRequest =
  { id: number; tool: string; args: string[]; maxBuffer?: number; env?: Record<string, string> } | { cancel: number }

/** The tool runner's answer to one run. */
export type ToolReply =
  | { id: number; ok: true; stdout: string; stderr: string }
  | { id: number; ok: false; exitCode: number | null; stderr: string; outcome: string }

interface Pending {
  tool: string
  /** The helper running it: when that one goes, only its own runs fail. */
  helper: HelperProcess
  signal: AbortSignal | undefined
  onAbort(): void
  resolve(output: ToolOutput): void
  reject(error: Error): void
}

/**
 * Runs ffmpeg and ffprobe from a small helper process. `fork()` copies the page tables of the
 * process that spawns, so from a large main process (SQLite, hash workers, Electron) each
 * spawn blocks the event loop for milliseconds; from the helper it costs next to nothing.
 * `startHelper` starts that process: forked under Node, a utility process under Electron.
 */
export function createToolRunner(startHelper: StartHelper = forkHelper): { run: RunTool; close(): void } {
  let child: HelperProcess | undefined
  const pending = new Map<number, Pending>()
  let nextId = 1

  const start = (): HelperProcess => {
    const started = startHelper(workerScript('tool-runner-child'))
    started.onMessage((reply) =>
      finish(reply.id, (tool) =>
        reply.ok
          ? { stdout: reply.stdout, stderr: reply.stderr }
          : new ToolError(tool, reply.exitCode, reply.stderr, reply.outcome),
      ),
    )
    started.onExit((why) => {
      if (child === started) child = undefined
      const reason = `was stopped with its runner process (${why})`
      for (const [id, job] of pending) {
        if (job.helper === started) finish(id, (tool) => new ToolError(tool, null, '', reason))
      }
    })
    return started
  }

  // The child keeps this process alive only while it has work, so an idle library lets a CLI exit.
  const updateRef = () => {
    if (pending.size > 0) child?.ref()
    else child?.unref()
  }

  /** Settles a run with its output or error; a run the caller aborted always ends as an AbortError. */
  const finish = (id: number, outcome: (tool: string) => ToolOutput | Error) => {
    const job = pending.get(id)
    if (!job) return
    pending.delete(id)
    updateRef()
    job.signal?.removeEventListener('abort', job.onAbort)
    const result = outcome(job.tool)
    if (job.signal?.aborted) job.reject(abortError(job.signal))
    else if (result instanceof Error) job.reject(result)
    else job.resolve(result)
  }

  const run: RunTool = (toolPath, args, options = {}) => {
    const { signal } = options
    if (signal?.aborted) return Promise.reject(abortError(signal))
    child ??= start()
    const id = nextId++
    const target = child
    return new Promise<ToolOutput>((resolve, reject) => {
      // The run settles once the child reports the killed tool's end, as runTool does.
      const onAbort = () => target.send({ cancel: id } satisfies ToolRequest)
      signal?.addEventListener('abort', onAbort, { once: true })
      pending.set(id, { tool: path.basename(toolPath), helper: target, signal, onAbort, resolve, reject })
      updateRef()
      target.send({ id, tool: toolPath, args, maxBuffer: options.maxBuffer, env: options.env } satisfies ToolRequest)
    })
  }

  return {
    run,
    close() {
      child?.kill()
      child = undefined
    },
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal?.reason }), { name: 'AbortError' })
}
