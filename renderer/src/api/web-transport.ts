import { events, type EventMessage, type EventName } from '../../../shared/contract'
import type { Envelope } from '../../../shared/errors'
import type { Transport } from './transport'

const UNREACHABLE = {
  code: 'unreachable',
  message: 'The Framevault backend cannot be reached. Is `npm run web` still running?',
} as const

/** The transport under the web host: POST /api/<channel> and Server-Sent Events on /events. */
export function webTransport(): Transport {
  return {
    async invoke(channel, input) {
      let response: Response
      try {
        response = await fetch(`/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        })
      } catch {
        return { ok: false, error: UNREACHABLE }
      }
      const body = (await response.json().catch(() => undefined)) as Envelope<unknown> | undefined
      if (body && typeof body === 'object' && 'ok' in body) return body
      return { ok: false, error: { ...UNREACHABLE, message: `The backend answered HTTP ${response.status}.` } }
    },
    onEvent(listener) {
      const source = new EventSource('/events')
      for (const name of Object.keys(events) as EventName[]) {
        source.addEventListener(name, (message) => {
          const payload = events[name].parse(JSON.parse((message as MessageEvent<string>).data))
          listener({ name, payload } as EventMessage)
        })
      }
      return () => source.close()
    },
  }
}
