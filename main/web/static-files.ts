import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { resolveInside } from '../security/contained-path'

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

/**
 * Serves a file of the built renderer. Paths that leave `root` are refused; unknown paths
 * get index.html so that client-side routes survive a reload.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, csp: string): Promise<void> {
  let file = resolveInside(root, urlPath)
  if (file === undefined) {
    res.writeHead(404).end()
    return
  }
  const found = await stat(file).catch(() => undefined)
  if (!found?.isFile()) file = path.join(root, 'index.html')
  const isHtml = file.endsWith('.html')
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Hashed asset names never change content; the HTML must always be fresh.
    'cache-control': isHtml ? 'no-store' : 'private, max-age=31536000, immutable',
    ...(isHtml ? { 'content-security-policy': csp, 'x-frame-options': 'DENY' } : {}),
  })
  createReadStream(file).pipe(res)
}
