import { fork } from 'node:child_process'
import type { ToolReply, ToolRequest } from './tool-runner'
import type { WorkerScript } from './worker-script'

/**
 * The tool runner's helper process as the runner sees it. Under Node it is forked (below);
 * under Electron it is a utility process (main/electron/utility-helper.ts), because forking
 * Electron needs ELECTRON_RUN_AS_NODE, which the packaged app's RunAsNode fuse turns off.
 */
export interface HelperProcess {
  send(request: ToolRequest): void
  onMessage(listener: (reply: ToolReply) => void): void
  /** Called once when the helper is gone (exited, killed, or could not be started or reached), with why. */
  onExit(listener: (reason: string) => void): void
  kill(): void
  /** Whether the helper keeps this process alive: only while it has work, so an idle CLI can exit. */
  ref(): void
  unref(): void
}

/** Starts a helper process running `script`. */
export type StartHelper = (script: WorkerScript) => HelperProcess

/** Starts the helper with `child_process.fork` (Node, tsx, vitest, the web host and the CLI). */
export const forkHelper: StartHelper = (script) => {
  const child = fork(script.url, [], {
    execArgv: script.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const gone = onceGone()
  child.on('exit', (code, signal) => gone.report(signal ?? `exit code ${code}`))
  // A failed start or a send on a closed channel: without this handler either would crash the host.
  child.on('error', (error) => {
    child.kill()
    gone.report(error.message)
  })
  const channel = () => child.channel as { ref(): void; unref(): void } | null | undefined
  return {
    send: (request) => void child.send(request),
    onMessage: (listener) => void child.on('message', listener),
    onExit: gone.listen,
    kill: () => void child.kill(),
    ref() {
      child.ref()
      channel()?.ref()
    },
    unref() {
      child.unref()
      channel()?.unref()
    },
  }
}

/** The "gone" notice of a helper, delivered once even when the process reports both an error and an exit. */
export function onceGone(): { report(reason: string): void; listen(listener: (reason: string) => void): void } {
  let listener: ((reason: string) => void) | undefined
  let reported = false
  return {
    report(reason) {
      if (reported) return
      reported = true
      listener?.(reason)
    },
    listen(next) {
      listener = next
    },
  }
}
