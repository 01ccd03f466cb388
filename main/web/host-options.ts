import { statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildRendererAfresh } from './renderer-build'
import { loadRenderer, missingFromRenderer, type RendererSnapshot } from './static-files'

// What `npm run web` and `npm run hub` read from their command lines alike.

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const RENDERER_DIR = path.join(PROJECT_ROOT, 'out', 'renderer')

/** A --port value: 0 (a free port) to 65535. */
export function parsePort(text: string, usage: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be 0..65535.\n${usage}`)
  return port
}

/**
 * The renderer to serve, read into memory. With --build (what `npm run web` passes) it is
 * built into a folder of this start's own, read, and that folder removed: another start's
 * build cannot disturb it, and it disturbs no one.
 */
export async function readRenderer(build: boolean, dir: string | undefined): Promise<RendererSnapshot> {
  let snapshot: RendererSnapshot
  if (build && dir === undefined) {
    const fresh = await buildRendererAfresh(PROJECT_ROOT)
    snapshot = await loadRenderer(fresh.rendererDir).finally(() => fresh.remove())
  } else {
    snapshot = await loadRenderer(dir ?? RENDERER_DIR)
  }
  const missing = missingFromRenderer(snapshot)
  if (missing.length > 0) {
    throw new Error(
      `The renderer in ${snapshot.dir} is not built or incomplete (missing ${missing.join(', ')}); run \`npm run build\` first.`,
    )
  }
  return snapshot
}

export function existingFolder(dir: string): string {
  const resolved = path.resolve(dir)
  if (!statSync(resolved, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`--allow-import-from ${dir}: not a folder.`)
  }
  return resolved
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }

/** Bytes from `123`, `512M`, `64G`, `1.5T` (binary units; `GiB`, `GB` read the same); undefined when absent. */
export function parseSize(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim())
  const bytes = match ? Math.floor(Number(match[1]) * SIZE_UNITS[match[2]!.toUpperCase()]!) : NaN
  if (!(bytes > 0)) throw new Error(`${flag} must be a size such as 500M or 64G, got "${text}".`)
  return bytes
}
