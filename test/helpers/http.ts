import { request } from 'node:http'

export interface HttpReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  bytes: Buffer
  json(): unknown
}

/**
 * One raw HTTP request to 127.0.0.1 (raw so tests can send any Host header). A body given as
 * chunks is sent chunked, with no Content-Length.
 */
export function http(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer | Buffer[] } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      // A connection of its own: one kept alive by Node 20's agent past the host's 5 s may be closed as it is reused
      // ("socket hang up" on a test that waited between calls).
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const bytes = Buffer.concat(chunks)
          const text = bytes.toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, bytes, json: () => JSON.parse(text) })
        })
      },
    )
    req.on('error', reject)
    if (!Array.isArray(options.body)) return req.end(options.body)
    for (const chunk of options.body) req.write(chunk)
    req.end()
  })
}

/** `POST /api/<channel>` on a host at 127.0.0.1:`port` with `token` as the bearer: the reply as it came. */
export function postChannel(port: number, token: string, channel: string, input: unknown): Promise<HttpReply> {
  return http(port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: {
      host: `127.0.0.1:${port}`,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(input),
  })
}

/** A channel's `data` from a host at 127.0.0.1:`port`, failing the test on any answer but 200 (with its text). */
export async function channelData<T>(port: number, token: string, channel: string, input: unknown): Promise<T> {
  const reply = await postChannel(port, token, channel, input)
  if (reply.status !== 200) throw new Error(`${channel} answered ${reply.status}: ${reply.text}`)
  return (reply.json() as { data: T }).data
}
