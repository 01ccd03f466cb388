import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Names a folder of prebuilt worker scripts for main/ run in source form (set by the integration tests' setup). */
export const WORKER_BUNDLES_VARIABLE = 'FRAMEVAULT_WORKER_BUNDLES'

/** Where the script of a worker thread or helper process is, and the Node flags it needs to start. */
export interface WorkerScript {
  url: URL
  execArgv?: string[]
}

/** Locates the script `name` (a module path relative to this folder) of a worker or forked process, in source form or next to the main bundle. */
export function workerScript(name: string): WorkerScript {
  // Bundled, this module is inlined into out/main/index.js and the worker is a sibling entry (electron.vite.config.ts)
  // named after its file, also when `name` reaches into another folder (`../similar/similar-index-worker`).
  const bundled = `${name.split('/').pop()}.js`
  if (!import.meta.url.endsWith('.ts')) return { url: new URL(`./${bundled}`, import.meta.url) }
  // The integration tests run main/ in source form but start its workers from bundles made once per run
  // (test/fixtures/bundles.ts): loading tsx in each of a test's workers and helpers doubled its CPU time.
  const bundles = process.env[WORKER_BUNDLES_VARIABLE]
  if (bundles) return { url: pathToFileURL(path.join(bundles, bundled)) }
  // In source form (tsx, vitest) the worker needs tsx to load TypeScript. `--import tsx` is not enough: on Node 20
  // tsx's loader registers itself only on the main thread, so the worker calls tsx's register API itself. The API is
  // resolved from here, so the working directory does not matter; encoding keeps `%` and `#` in its path intact.
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register()`
  return {
    url: new URL(`./${name}.ts`, import.meta.url),
    execArgv: [...process.execArgv, '--import', `data:text/javascript,${encodeURIComponent(boot)}`],
  }
}
