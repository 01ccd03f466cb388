import { runTool, ToolError } from './tool-io'
import type { ToolReply, ToolRequest } from './tool-runner'

// The child side of tool-runner.ts: it runs ffmpeg/ffprobe for the main process. Forking is
// cheap from this small process; from the big main process every spawn stalls its event loop.
const running = new Map<number, AbortController>()

const reply = (message: ToolReply) => process.send?.(message)

process.on('message', (message: ToolRequest) => {
  if ('cancel' in message) return running.get(message.cancel)?.abort()
  const controller = new AbortController()
  running.set(message.id, controller)
  runTool(message.tool, message.args, { signal: controller.signal, maxBuffer: message.maxBuffer })
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
})

// Stopped, or the parent went away (closed, crashed, kill -9): the tools' work has no one to
// report to, so they are killed (SIGKILL, sent synchronously) rather than left running as orphans.
const stop = () => {
  for (const controller of running.values()) controller.abort()
  process.exit(0)
}
process.on('disconnect', stop)
process.on('SIGTERM', stop)
