import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base } from '@playwright/test'
import { HUB_BUNDLE, WEB_HOST_BUNDLE } from '../fixtures/bundles'
import { folderObjects, freshHubBucket, type HostObjects } from './hub-store-fixture'

export interface RunningWebHost {
  /** The URL printed by `npm run web`, secret included. */
  url: string
  origin: string
  port: number
  token: string
  libraryDir: string
  /** The fake ComfyUI's URL when started with `--fake-comfy` (already the library's server), else null. */
  comfyUrl: string | null
  process: ChildProcess
  /** The host's environment (a hub's: the S3 service's keys), for processes that work beside it. */
  env: NodeJS.ProcessEnv
  /** The library's stored files by key (a hub's are in a bucket of the run's S3 service). */
  objects: HostObjects
  /** The store key of a copied asset's file from its `filePath` (a hub's rows record the key itself). */
  objectKey(filePath: string): string
}

// How each running host was started, so that it can be started again on the same port and data.
const launches = new WeakMap<RunningWebHost, { args: string[]; env: NodeJS.ProcessEnv }>()

/**
 * Starts `npm run web`'s entry (or `npm run hub`'s, its files in a fresh bucket), bundled by the global setup, on a
 * free port with a fresh temp library (and `extraArgs`, which may name a `--port` of their own) and waits for its URL.
 */
export async function startWebHost(
  libraryDir: string,
  extraArgs: readonly string[] = [],
  entry: HostKind = 'web',
): Promise<RunningWebHost> {
  const bucket = entry === 'hub' ? await freshHubBucket() : null
  const args =
    entry === 'web'
      ? [WEB_HOST_BUNDLE, '--library', libraryDir]
      : [HUB_BUNDLE, '--data', path.dirname(libraryDir), ...bucket!.args]
  const env = bucket?.env ?? process.env
  const { child, url, output } = await launch([...args, '--port', '0', ...extraArgs], env)
  const parsed = new URL(url)
  const host: RunningWebHost = {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    libraryDir,
    comfyUrl: /^Fake ComfyUI: (http:\/\/\S+)/m.exec(output)?.[1] ?? null,
    process: child,
    env,
    objects: bucket?.objects ?? folderObjects(libraryDir),
    objectKey: (filePath) =>
      bucket ? filePath : path.relative(libraryDir, path.resolve(libraryDir, filePath)).split(path.sep).join('/'),
  }
  launches.set(host, { args: [...args, ...extraArgs], env })
  return host
}

/**
 * Stops a host and starts it again on the same port, data and options, as a person restarting it would; `host`
 * then describes the new process (its new URL and token), and the fixture stops that one at the end.
 */
export async function restartWebHost(host: RunningWebHost, whileDown?: () => Promise<void>): Promise<void> {
  const started = launches.get(host)
  if (!started) throw new Error('restartWebHost: not a host this fixture started.')
  await stopWebHost(host)
  await whileDown?.()
  const { child, url } = await launch([...started.args, '--port', String(host.port)], started.env)
  const parsed = new URL(url)
  Object.assign(host, { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', process: child })
}

/** Runs a host's entry and waits for the address it prints. */
async function launch(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string; output: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 20_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /Open in your browser: (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)))
  })
  return { child, url, output }
}

/** Stops the web host (SIGTERM, as Ctrl+C would) and waits until it is gone. */
export async function stopWebHost(host: RunningWebHost): Promise<void> {
  const child = host.process
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Which host a test's app is served by: `npm run web`, or `npm run hub` (signed in as its first admin). */
export type HostKind = 'web' | 'hub'

/**
 * Each test gets its own host and empty library. A spec passes more command-line options
 * with `test.use({ webHostArgs: ['--allow-import-from', dir] })`; `test.use({ webHostArgs: ['--fake-comfy'] })`
 * gives the host a fake ComfyUI as its server (its URL in `webHost.comfyUrl`). `hostKind: 'hub'` (a spec's
 * `test.use`, or the config's hub project, which runs the journeys again against a hub) serves it from a team hub
 * whose data folder holds the library.
 */
export const test = base.extend<{ webHost: RunningWebHost; webHostArgs: string[]; hostKind: HostKind }>({
  webHostArgs: [[], { option: true }],
  hostKind: ['web', { option: true }],
  webHost: async ({ webHostArgs, hostKind }, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `framevault-e2e-${hostKind}-`))
    const libraryDir = hostKind === 'hub' ? path.join(dir, 'library') : dir
    const host = await startWebHost(libraryDir, webHostArgs, hostKind)
    await use(host)
    await stopWebHost(host)
    rmSync(dir, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'
