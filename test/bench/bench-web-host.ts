import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** A web host or hub started for the bench: its URL (token included), its process id, and how to stop it. */
export interface BenchWebHost {
  url: string
  pid: number
  stop(): Promise<void>
}

// Building the renderer under load on two cores can take minutes.
const START_TIMEOUT_MS = 300_000

/**
 * Starts `npm run web`'s entry (`--build`: the renderer of this working tree) on a free port over `libraryDir`,
 * with `extraArgs` after the others (`--allow-import-from DIR`).
 */
export function startBenchWebHost(
  projectRoot: string,
  libraryDir: string,
  extraArgs: readonly string[] = [],
): Promise<BenchWebHost> {
  return startBenchHost(projectRoot, 'main/web/web-host-cli.ts', [
    '--build',
    '--library',
    libraryDir,
    '--port',
    '0',
    ...extraArgs,
  ])
}

/**
 * Starts a host's entry (`main/web/web-host-cli.ts`, `main/hub/hub-cli.ts`) with `args` through `node --import tsx`,
 * so its process id is the host's own (its memory is measured), and waits for the address it prints.
 */
export async function startBenchHost(
  projectRoot: string,
  entry: string,
  args: readonly string[],
): Promise<BenchWebHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), START_TIMEOUT_MS)
    const read = (chunk: Buffer) => {
      // The last of it only: a hub under load for minutes logs as it goes.
      output = (output + chunk.toString('utf8')).slice(-20_000)
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
      reject(new Error(`${entry} exited with ${code}:\n${output}`))
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
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      // SIGTERM, as Ctrl+C would: the host closes its library before it exits.
      child.kill('SIGTERM')
      await exited
    },
  }
}

/**
 * Starts `npm run hub`'s entry on a free port over the hub data in `dataDir` (made when new) with `workers` worker
 * processes and an empty renderer in `folder` (the bench calls the API). Signed in as its admin, `bench`.
 */
export function startBenchHub(
  projectRoot: string,
  folder: string,
  dataDir: string,
  workers: number,
): Promise<BenchWebHost> {
  // Run as root, the embedded PostgreSQL runs as `postgres`, which must pass through this folder to its data.
  chmodSync(folder, 0o711)
  return startBenchHost(projectRoot, 'main/hub/hub-cli.ts', [
    ...['--data', dataDir, '--port', '0', '--workers', String(workers), '--admin', 'bench'],
    ...['--renderer', emptyRenderer(folder)],
  ])
}

/** A renderer folder with a page and no code: a host needs one to start. */
function emptyRenderer(folder: string): string {
  const dir = path.join(folder, 'renderer')
  mkdirSync(path.join(dir, 'assets'), { recursive: true })
  writeFileSync(path.join(dir, 'index.html'), '<title>Framevault</title><script src="./assets/a.js"></script>')
  writeFileSync(path.join(dir, 'assets', 'a.js'), '')
  return dir
}
