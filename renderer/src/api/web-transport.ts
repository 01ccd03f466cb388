import { events, type EventMessage, type EventName, type ImportJob } from '../../../shared/contract'
import type { Envelope, ErrorShape } from '../../../shared/errors'
import { createLimiter } from '../../../shared/limiter'
import type { Transport } from './transport'

const UNREACHABLE = {
  code: 'unreachable',
  message: 'The Framevault backend cannot be reached. Is `npm run web` still running?',
} as const
const UPLOADS_AT_ONCE = 2

type UploadRef = { uploadId: string; name: string }

/** The transport under the web host: POST /api/<channel>, POST /upload and Server-Sent Events on /events. */
export function webTransport(): Transport {
  const invoke = (channel: string, input: unknown) =>
    request(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    })
  return {
    invoke,
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
    async importFiles(files) {
      const uploads = await uploadAll(files)
      if (!uploads.ok) return uploads
      return (await invoke('media:import-uploads', { uploads: uploads.data })) as Envelope<{ job: ImportJob }>
    },
    canLink: false,
    canReveal: false,
  }
}

/** Uploads the files a few at a time; stops starting new ones after the first failure. */
async function uploadAll(files: File[]): Promise<Envelope<UploadRef[]>> {
  const limit = createLimiter(UPLOADS_AT_ONCE)
  let failure: ErrorShape | undefined
  const upload = async (file: File): Promise<UploadRef | undefined> => {
    if (failure) return undefined
    const reply = await request(`/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file })
    if (reply.ok) return { uploadId: (reply.data as UploadRef).uploadId, name: file.name }
    failure ??= reply.error
    return undefined
  }
  const refs = await Promise.all(files.map((file) => limit(() => upload(file))))
  return failure ? { ok: false, error: failure } : { ok: true, data: refs as UploadRef[] }
}

/** One HTTP request answered with an envelope; a lost connection or a foreign answer becomes `unreachable`. */
async function request(url: string, init: RequestInit): Promise<Envelope<unknown>> {
  let response: Response
  try {
    response = await fetch(url, init)
  } catch {
    return { ok: false, error: UNREACHABLE }
  }
  const body = (await response.json().catch(() => undefined)) as Envelope<unknown> | undefined
  if (body && typeof body === 'object' && 'ok' in body) return body
  return { ok: false, error: { ...UNREACHABLE, message: `The backend answered HTTP ${response.status}.` } }
}
