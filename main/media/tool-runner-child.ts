import { runTool, ToolError } from './tool-io'
import type { ToolReply, ToolRequest } from './tool-runner'

// The child side of tool-runner.ts: it runs ffmpeg/ffprobe for the main process. Forking is
// cheap from this small process; from the big main process every spawn stalls its event loop.
const running = new Map<number, AbortController>()

/** Electron's `process.parentPort` as far as this script uses it. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: ToolRequest }) => void): unknown
  postMessage(message: ToolReply): void
}

// Under Electron this runs as a utility process and talks over process.parentPort; forked by
// Node it has the IPC channel (process.send / 'message'). Read untyped: Node has no parentPort.
const parentPort = (Reflect.get(process, 'parentPort') ?? undefined) as ParentPort | undefined

const reply = (message: ToolReply) => (parentPort ? parentPort.postMessage(message) : process.send?.(message))

if (parentPort) parentPort.on('message', ({ data }) => handle(data))
else process.on('message', handle)

function handle(message: ToolRequest): void {
  if ('cancel' in message) return void running.get(message.cancel)?.abort()
  const controller = new AbortController()
  running.set(message.id, controller)
  runTool(message.tool, message.args, { signal: controller.signal, maxBuffer: message.maxBuffer, env: message.env })
    .then(
      ({ stdout, stderr }) => reply({ id: message.id, ok: true, stdout, stderr }),
      (error: unknown) =>
        reply(
          error instanceof ToolError
            ? { id: message.id, ok: false, exitCode: error.exitCode, stderr: error.stderr, outcome: error.outcome }
            : { id: message.id, ok: false, exitCode: null, stderr: '', outcome: `failed: ${(error as Error).message}` },
        ),
    )
    .finally(() => running.delete(message.id))
}

// Stopped, or the parent went away (closed, crashed, kill -9): the tools' work has no one to
// report to, so they are killed (SIGKILL, sent synchronously) rather than left running as orphans.
// A utility process is stopped with SIGTERM (UtilityProcess.kill); it gets no 'disconnect'.
const stop = () => {
  for (const controller of running.values()) controller.abort()
  process.exit(0)
}
process.on('disconnect', stop)
process.on('SIGTERM', stop)
