import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { ToolError, type RunTool, type ToolOutput } from './tool-io'
import { workerScript } from './worker-script'

/** A request to the tool runner process: run a tool, or cancel a run. */
export type ToolRequest = { id: number; tool: string; args: string[]; maxBuffer?: number } | { cancel: number }

/** The tool runner's answer to one run. */
export type ToolReply =
  | { id: number; ok: true; stdout: string; stderr: string }
  | { id: number; ok: false; exitCode: number | null; stderr: string; outcome: string }

interface Pending {
  tool: string
  resolve(output: ToolOutput): void
  reject(error: Error): void
}

/**
 * Runs ffmpeg and ffprobe from a small helper process. `fork()` copies the page tables of the
 * process that spawns, so from a large main process (SQLite, hash workers, Electron) each
 * spawn blocks the event loop for milliseconds; from the helper it costs next to nothing.
 */
export function createToolRunner(): { run: RunTool; close(): void } {
  let child: ChildProcess | undefined
  const pending = new Map<number, Pending>()
  let nextId = 1

  const start = (): ChildProcess => {
    const script = workerScript('tool-runner-child')
    const started = fork(script.url, [], {
      execArgv: script.execArgv ?? [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    started.on('message', (reply: ToolReply) => settle(reply))
    started.on('exit', (code, signal) => {
      if (child === started) child = undefined
      const reason = `was stopped with its runner process (${signal ?? `exit code ${code}`})`
      for (const [id, job] of pending) {
        pending.delete(id)
        job.reject(new ToolError(job.tool, null, '', reason))
      }
    })
    return started
  }

  // The child keeps this process alive only while it has work, so an idle library lets a CLI exit.
  const updateRef = () => {
    if (!child) return
    if (pending.size > 0) child.ref()
    else child.unref()
    const channel = child.channel as { ref(): void; unref(): void } | undefined
    if (pending.size > 0) channel?.ref()
    else channel?.unref()
  }

  const settle = (reply: ToolReply) => {
    const job = pending.get(reply.id)
    if (!job) return
    pending.delete(reply.id)
    updateRef()
    if (reply.ok) job.resolve({ stdout: reply.stdout, stderr: reply.stderr })
    else job.reject(new ToolError(job.tool, reply.exitCode, reply.stderr, reply.outcome))
  }

  const run: RunTool = (toolPath, args, options = {}) => {
    const { signal } = options
    if (signal?.aborted) return Promise.reject(abortError(signal))
    child ??= start()
    const id = nextId++
    const target = child
    return new Promise<ToolOutput>((resolve, reject) => {
      const onAbort = () => {
        target.send({ cancel: id } satisfies ToolRequest)
        const job = pending.get(id)
        if (job) job.reject = () => reject(abortError(signal))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const done = () => signal?.removeEventListener('abort', onAbort)
      pending.set(id, {
        tool: path.basename(toolPath),
        resolve: (output) => {
          done()
          resolve(output)
        },
        reject: (error) => {
          done()
          reject(error)
        },
      })
      updateRef()
      target.send({ id, tool: toolPath, args, maxBuffer: options.maxBuffer } satisfies ToolRequest)
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
