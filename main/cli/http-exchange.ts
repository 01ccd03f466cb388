import { createReadStream } from 'node:fs'
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { pipeline } from 'node:stream/promises'
import { decompress } from '../web/compression'

/** A host's reply, read whole and decoded. */
export interface Exchanged {
  status: number
  text: string
}

/** What a request sends: nothing, a string, or bytes `from`…`size` of a file. */
export type Sent = string | { file: string; from: number; size: number } | undefined

// A file is read and sent in chunks this big: fewer, larger writes (at fetch's streamed body, the read stream's
// default 64 KiB carried 315 MB/s over loopback where 1 MiB carried 643; issue 63).
const UPLOAD_CHUNK = 1024 * 1024

/**
 * One host's requests through node's own HTTP client, its connections kept between them (issue 63): a page of 200
 * assets cost the client 1.8 ms (p95 5.4 ms) through fetch and 0.5 ms (p95 0.6 ms) this way; a streamed body through
 * fetch cost the sender about as much CPU as the host spends receiving and hashing it. Replies come compressed (br
 * or gzip) when the host compresses them.
 */
export function httpExchange(secure: boolean) {
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true })
  const send = secure ? httpsRequest : httpRequest
  return (
    url: URL,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    body: Sent,
    signal?: AbortSignal,
  ): Promise<Exchanged> =>
    new Promise((resolve, reject) => {
      const length = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.size - body.from
      const request = send(url, {
        method,
        agent,
        signal,
        headers: { 'accept-encoding': 'br, gzip', ...headers, ...(method === 'POST' && { 'content-length': length }) },
      })
      request.on('error', reject)
      request.once('response', (reply) => readReply(reply).then(resolve, reject))
      if (body === undefined || typeof body === 'string') return void request.end(body)
      // A host that answers before taking the whole body (a refusal) ends the send; its reply is what counts.
      pipeline(createReadStream(body.file, { start: body.from, highWaterMark: UPLOAD_CHUNK }), request).catch(
        (error: Error) => {
          if (!request.writableFinished) request.destroy(error)
        },
      )
    })
}

async function readReply(reply: IncomingMessage): Promise<Exchanged> {
  const chunks: Buffer[] = []
  for await (const chunk of reply) chunks.push(chunk as Buffer)
  const bytes = Buffer.concat(chunks)
  const text = (await decompress(reply.headers['content-encoding'], bytes)).toString('utf8')
  return { status: reply.statusCode ?? 500, text }
}
