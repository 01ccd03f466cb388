import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach } from 'vitest'
import { tempDir } from './temp-dir'

const running: ChildProcess[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(stopChild))
})

/** A host started from its command line, once it printed its URL. */
export interface StartedHost {
  child: ChildProcess
  port: number
  token: string
  output: string
}

/**
 * Starts a host's entry (`npm run web`'s or `npm run hub`'s, through `node --import tsx` so a signal reaches the host
 * itself) and waits for its URL; stopped after the current test.
 */
export function startHostCli(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartedHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(entry), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  })
  running.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /Open in your browser: (http:\/\/\S+)/.exec(output)
      if (!match) return
      const url = new URL(match[1]!)
      resolve({ child, port: Number(url.port), token: url.searchParams.get('token')!, output })
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)))
  })
}

/** Stops a host with SIGTERM and waits for it to exit. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  return exited
}

/** The smallest renderer a host accepts: an index.html and the one script it links. */
export function fakeRenderer(): string {
  const dir = path.join(tempDir(), 'renderer')
  mkdirSync(path.join(dir, 'assets'), { recursive: true })
  writeFileSync(path.join(dir, 'index.html'), '<title>Framevault</title><script src="./assets/a.js"></script>')
  writeFileSync(path.join(dir, 'assets', 'a.js'), 'console.log(1)')
  return dir
}
