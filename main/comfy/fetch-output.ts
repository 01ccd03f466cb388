import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { formatBytes } from '../../shared/byte-size'
import { ComfyError } from './comfy-errors'
import { comfyOpen, reachError, refuseDeclaredOver, TIMEOUTS } from './comfy-http'
import { comfyBase } from './comfy-url'

/** An output file as ComfyUI names it (an `executed` output's item, a history output). */
export type OutputRef = { filename: string; subfolder?: string; type?: string }

/** What a download wrote. */
export type FetchedOutput = { path: string; bytes: number; contentType: string | null }

/** The largest output downloaded unless the caller says otherwise: a long 4K video fits, a filled disk does not. */
export const OUTPUT_LIMIT_BYTES = 8 * 1024 ** 3

/**
 * Downloads an output (GET /view?filename=&subfolder=&type=) to `destPath`: streamed to a temp
 * name beside it, fsynced and renamed, so a failed or cancelled download never leaves a part file
 * under the real name (the temp is deleted on any error). A file past `maxBytes` is stopped there.
 */
export async function fetchOutput(
  baseUrl: string,
  output: OutputRef,
  destPath: string,
  { signal, maxBytes = OUTPUT_LIMIT_BYTES }: { signal?: AbortSignal; maxBytes?: number } = {},
): Promise<FetchedOutput> {
  const base = comfyBase(baseUrl)
  const query = { filename: output.filename, subfolder: output.subfolder ?? '', type: output.type ?? 'output' }
  const response = await comfyOpen(base, { route: '/view', query, timeoutMs: TIMEOUTS.query, signal })
  const name = [query.subfolder, query.filename].filter(Boolean).join('/')
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel().catch(() => undefined)
    const why = response.status === 404 ? 'has no such file' : `answered HTTP ${response.status}`
    throw new ComfyError(
      response.status === 404 ? 'not_found' : 'unreachable',
      'download',
      `ComfyUI ${why} for the ${query.type} file "${name}".`,
    )
  }
  const tooLarge = () =>
    new ComfyError(
      'too_large',
      'too-large',
      `ComfyUI's ${query.type} file "${name}" is larger than ${formatBytes(maxBytes)}, the most Framevault downloads.`,
    )
  await refuseDeclaredOver(response, maxBytes, tooLarge)
  const temp = path.join(path.dirname(destPath), `.${path.basename(destPath)}.${randomBytes(6).toString('hex')}.part`)
  try {
    const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
    await pipeline(source, byteLimit(maxBytes, tooLarge), createWriteStream(temp, { flags: 'wx' }), { signal })
    // fsync through a second handle: the stream's own closes as it finishes.
    const file = await open(temp, 'r+')
    try {
      await file.sync()
    } finally {
      await file.close()
    }
    const { size } = await stat(temp)
    await rename(temp, destPath)
    return { path: destPath, bytes: size, contentType: response.headers.get('content-type') }
  } catch (error) {
    await rm(temp, { force: true })
    signal?.throwIfAborted()
    if (error instanceof Error && 'syscall' in error) throw error
    throw reachError(base, error)
  }
}

/** Passes bytes on until more than `max` came (a server may send more than its Content-Length said, or none). */
function byteLimit(max: number, tooLarge: () => Error): Transform {
  let passed = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      passed += chunk.length
      done(passed > max ? tooLarge() : null, passed > max ? undefined : chunk)
    },
  })
}
