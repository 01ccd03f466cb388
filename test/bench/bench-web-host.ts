import { spawn } from 'node:child_process'
import path from 'node:path'

/** A web host started for the bench: its URL (token included) and how to stop it. */
export interface BenchWebHost {
  url: string
  stop(): Promise<void>
}

// Building the renderer under load on two cores can take minutes.
const START_TIMEOUT_MS = 300_000

/**
 * Starts `npm run web`'s entry (`--build`: the renderer of this working tree) on a free port over `libraryDir`,
 * with `extraArgs` after the others (`--allow-import-from DIR`).
 */
export async function startBenchWebHost(
  projectRoot: string,
  libraryDir: string,
  extraArgs: readonly string[] = [],
): Promise<BenchWebHost> {
  const child = spawn(
    path.join(projectRoot, 'node_modules/.bin/tsx'),
    ['main/web/web-host-cli.ts', '--build', '--library', libraryDir, '--port', '0', ...extraArgs],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web host did not start:\n${output}`)), START_TIMEOUT_MS)
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /Open in your browser: (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The web host exited with ${code}:\n${output}`))
    })
  }).catch(async (error: unknown) => {
    // A child that never started (spawn error) has no exit to wait for.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
    throw error
  })
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      // SIGTERM, as Ctrl+C would: the host closes its library before it exits.
      child.kill('SIGTERM')
      await exited
    },
  }
}
