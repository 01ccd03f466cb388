import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'

/** /system_stats as ComfyUI answers it (a CPU-only machine; the version says what this is). */
export const SYSTEM_STATS = {
  system: {
    os: 'posix',
    ram_total: 8 * 1024 ** 3,
    ram_free: 4 * 1024 ** 3,
    comfyui_version: '0.3.60-framevault-fake',
    required_frontend_version: '1.26.13',
    python_version: '3.12.3 (fake)',
    pytorch_version: '2.8.0+cpu',
    embedded_python: false,
    argv: ['main.py', '--cpu'],
  },
  devices: [
    { name: 'cpu', type: 'cpu', index: null, vram_total: 0, vram_free: 0, torch_vram_total: 0, torch_vram_free: 0 },
  ],
}

/** A request body larger than the fake takes. */
export class BodyTooLarge extends Error {}

/** Sends JSON text (assembled by the caller, so exact numbers stay exact). */
export function replyJson(res: ServerResponse, status: number, json: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  })
  res.end(json)
}

/** Sends plain text, as aiohttp answers a bare status ("404: Not Found"). */
export function replyText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** The whole body as text, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.destroy()
        reject(new BodyTooLarge(`The body is over ${limit} bytes.`))
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.json': 'application/json',
}

/**
 * GET /view?filename=&subfolder=&type=: a file of the output, temp or input folder, with
 * ComfyUI's checks (no "..", no absolute name, the subfolder inside the folder: 400/403) and 404
 * for a file that is not there.
 */
export async function serveView(res: ServerResponse, query: URLSearchParams, dirs: Record<string, string>) {
  const filename = query.get('filename')
  if (!filename) return replyText(res, 404, '404: Not Found')
  if (filename.startsWith('/') || filename.includes('..')) return replyText(res, 400, '400: Bad Request')
  const root = dirs[query.get('type') || 'output']
  if (!root) return replyText(res, 400, '400: Bad Request')
  const dir = path.resolve(root, query.get('subfolder') ?? '')
  const inside = path.relative(root, dir)
  if (inside.startsWith('..') || path.isAbsolute(inside)) return replyText(res, 403, '403: Forbidden')
  const file = path.join(dir, path.basename(filename))
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) return replyText(res, 404, '404: Not Found')
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'content-disposition': `filename="${path.basename(file)}"`,
  })
  // pipeline handles errors on both sides (a vanished file, a client gone mid-download).
  await pipeline(createReadStream(file), res).catch(() => res.destroy())
}
