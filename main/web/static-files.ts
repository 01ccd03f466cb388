import { readdir, readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { resolveInside } from '../security/contained-path'
import { sendFailure } from './http-replies'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/** The built renderer held in memory: files by their absolute path under `dir` when it was read. */
export interface RendererSnapshot {
  dir: string
  files: ReadonlyMap<string, Buffer>
}

/**
 * Reads every regular file of the built renderer into memory. The host serves this copy, so
 * a rebuild of the folder (another `npm run web`, `npm run build`) cannot break a running host.
 */
export async function loadRenderer(dir: string): Promise<RendererSnapshot> {
  const root = path.resolve(dir)
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  const files = new Map<string, Buffer>()
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    files.set(file, await readFile(file))
  }
  return { dir: root, files }
}

/** What a snapshot lacks to be a working app: index.html, or the scripts and styles it links to. */
export function missingFromRenderer(snapshot: RendererSnapshot): string[] {
  const index = snapshot.files.get(path.join(snapshot.dir, 'index.html'))
  if (!index) return ['index.html']
  // Vite links the bundles as "./assets/x.js" (relative base) or "/assets/x.js".
  const linked = [...index.toString('utf8').matchAll(/(?:src|href)="\.?\/([^"?#:]+)"/g)].map((match) => match[1]!)
  return linked.filter((relative) => {
    const file = resolveInside(snapshot.dir, `/${relative}`)
    return file === undefined || !snapshot.files.has(file)
  })
}

/**
 * Serves a file of the renderer snapshot. Paths that leave its folder are refused; unknown
 * paths get index.html so that client-side routes survive a reload.
 */
export function serveStatic(snapshot: RendererSnapshot, urlPath: string, res: ServerResponse, csp: string): void {
  const wanted = resolveInside(snapshot.dir, urlPath)
  if (wanted === undefined) return sendFailure(res, 'not_found', `No file at ${urlPath}.`)
  const index = path.join(snapshot.dir, 'index.html')
  const file = snapshot.files.has(wanted) ? wanted : index
  const body = snapshot.files.get(file)
  if (!body) return sendFailure(res, 'not_found', 'The renderer is not built: run `npm run build`.')
  const isHtml = file.endsWith('.html')
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Hashed asset names never change content; the HTML must always be fresh.
    'cache-control': isHtml ? 'no-store' : 'private, max-age=31536000, immutable',
    ...(isHtml ? { 'content-security-policy': csp, 'x-frame-options': 'DENY' } : {}),
  })
  res.end(body)
}
