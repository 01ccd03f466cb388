import { execFile, spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { inject } from 'vitest'

// The CLI bundled once by the global setup (test/fixtures/bundles.ts): the same code `npm run cli`
// runs through tsx, started without transpiling it again. Run by `node` itself, so a kill hits the CLI.
const NODE_ARGS = [inject('cliBundle')]

/** Options of a CLI run: extra environment, and a user to run as (root only). */
export interface CliOptions {
  env?: NodeJS.ProcessEnv
  uid?: number
  gid?: number
  /** Working folder of the run (default: the project root). */
  cwd?: string
}

/** Runs `npm run cli -- ...args` the way npm does, returning exit code and output. */
export function cli(
  args: string[],
  options: CliOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, ...args],
      {
        env: { ...process.env, ...options.env },
        uid: options.uid,
        gid: options.gid,
        cwd: options.cwd ?? path.resolve('.'),
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** Starts the CLI as a child process that a test can kill at will (with extra environment when given). */
export function spawnCli(args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [...NODE_ARGS, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
}

/** The JSON values of the CLI's output, one a line (blank lines skipped). */
export function jsonLines<T = unknown>(text: string): T[] {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T)
}
