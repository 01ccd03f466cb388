import type { ChildProcess } from 'node:child_process'

/**
 * Resolves once `child` has printed `text` (on stdout or stderr); rejects with all it printed when it exits first.
 * For a process that says when it is ready (a worker: "Framevault worker for …").
 */
export function untilPrinted(child: ChildProcess, text: string): Promise<void> {
  let output = ''
  return new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (output.includes(text)) resolve()
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code, signal) =>
      reject(new Error(`it exited (${signal ?? code}) before "${text}":\n${output}`)),
    )
  })
}
