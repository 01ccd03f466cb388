import { AppError } from '../../shared/errors'
import { TeamLibraryRequest, type TeamLibraryOpened } from '../../shared/team-library'
import { remoteBackend } from '../cli/remote-backend'
import { signedInAt, type TeamHub } from '../services/push/team-hub'
import { isLoopbackAddress } from '../web/request-guards'

/** A team library the app may open: what the person sees of it, and the page that signs them in. */
export interface TeamLibrary extends TeamLibraryOpened {
  signInUrl: string
}

/**
 * Checks what "Open team library…" was given: an http(s) address (https beyond this machine: the token would
 * cross the network in clear), a hub that answers there, and a token it takes. Each refusal in words.
 */
export async function checkTeamLibrary(input: unknown): Promise<TeamLibrary> {
  const parsed = TeamLibraryRequest.safeParse(input)
  if (!parsed.success) throw new AppError('validation', 'Give the team library’s address and your token.')
  const { address, token } = parsed.data
  const team = teamLibraryClient(address, token)
  const { origin } = team
  const person = await signedInAt(team)
  return {
    origin,
    person: person && { name: person.name, role: person.role },
    signInUrl: `${origin}/?token=${encodeURIComponent(token)}`,
  }
}

/**
 * A team library to send to (see TeamHub): its address checked as here, reached with the person's token; every call
 * of a push names it (`action`), so the hub records the push as one act.
 */
export function teamLibraryClient(address: string, token: string, action?: string): TeamHub {
  const origin = originOf(address)
  return { origin, hub: remoteBackend(origin, token, action === undefined ? undefined : { action }) }
}

/** The origin of an address typed as `https://hub.example.com` (a scheme-less name is taken as https). */
function originOf(address: string): string {
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `https://${address}`)
  } catch {
    throw new AppError('validation', `"${address}" is not an address: give it as https://hub.example.com.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('validation', `"${address}" is not an http(s) address.`)
  }
  if (url.username || url.password) {
    throw new AppError('validation', 'Give the token in its own field, not in the address.')
  }
  if (url.protocol === 'http:' && !isLoopbackAddress(url.hostname.replace(/^\[(.*)\]$/, '$1'))) {
    throw new AppError(
      'validation',
      `${url.origin} is not on this machine: reach it by https:// (a hub beyond this machine has TLS in front).`,
    )
  }
  return url.origin
}
