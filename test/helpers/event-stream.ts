import { request, type ClientRequest } from 'node:http'

/** An open `/events` stream of a host on 127.0.0.1: what it has sent so far, a wait for more, and whether it ended. */
export interface OpenStream {
  /** The events sent so far, each as its lines (comments left out). */
  events(): string[][]
  /** Resolves once the stream has sent text that `done` accepts. */
  until(done: (text: string) => boolean): Promise<void>
  /** Resolves when the host ends the stream. */
  ended: Promise<void>
  request: ClientRequest
}

/** Opens `GET <path>` (an /events stream) on the host at 127.0.0.1:`port` with these headers. */
export function openEventStream(port: number, path: string, headers: Record<string, string>): OpenStream {
  let text = ''
  const waiting = new Set<() => void>()
  let markEnded: () => void = () => undefined
  const ended = new Promise<void>((resolve) => (markEnded = resolve))
  const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
    res.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
      for (const wake of waiting) wake()
    })
    res.on('end', markEnded)
  })
  // A stream the test destroys at its end is not a failure.
  req.on('error', () => undefined)
  req.end()
  return {
    events: () =>
      text
        .split('\n\n')
        .filter((block) => block !== '' && !block.startsWith(':'))
        .map((block) => block.split('\n')),
    until: (done) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!done(text)) return
          waiting.delete(check)
          resolve()
        }
        waiting.add(check)
        check()
      }),
    ended,
    request: req,
  }
}
