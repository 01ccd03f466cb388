import type { AccessEnded } from '../../shared/contract'
import type { Caller } from '../handlers/handler-types'
import type { LibrarySource } from '../app/library-session'
import { accessEnded, signIn } from '../services/people/people'
import { tokenMatches } from './request-guards'

/** Who a request's token let in: `caller` absent for a host's one user, who may call every channel. */
export interface Admitted {
  caller?: Caller
}

/**
 * How a host tells who may use it: one secret for one person (`npm run web`), or the people of a team library with
 * a token each (`npm run hub`). Also the words a refused browser or client reads.
 */
export interface HostAccess {
  /** Who `token` lets in; null when it lets in no one. */
  admit(token: string | undefined): Promise<Admitted | null>
  /** Why `token`, which lets no one in now, stopped doing so (removed, revoked: by whom); null when unknown. */
  ended(token: string | undefined): Promise<AccessEnded | null>
  /** The 401's message for an API client. */
  refusal: string
  /** The paragraphs of the page a browser without a token sees. */
  signInPage: { title: string; paragraphs: readonly string[] }
}

/** `npm run web`'s access: the secret printed at start lets its one user in. */
export function oneSecretAccess(secret: string): HostAccess {
  return {
    admit: async (token) => (tokenMatches(token, secret) ? {} : null),
    // A secret is never taken away, only replaced by a new start's.
    ended: async () => null,
    refusal: 'Open the URL that `npm run web` printed.',
    signInPage: {
      title: 'Framevault needs the address with its secret',
      paragraphs: [
        'This page is served by `npm run web`, which lets in only a browser that opened the address it printed in its terminal: the one that ends in `?token=…`.',
        'Open that address again. If the web host was restarted, it printed a new one; the address of an earlier run no longer works.',
      ],
    },
  }
}

/** A hub's access: each person's API token lets them in with their role, checked against the library's people. */
export function peopleAccess(libraries: LibrarySource): HostAccess {
  return {
    async admit(token) {
      if (token === undefined) return null
      const person = await libraries.use((lib) => signIn(lib, token))
      return person && { caller: { role: person.role, person: { id: person.personId, name: person.name } } }
    },
    async ended(token) {
      if (token === undefined) return null
      return libraries.use(async (lib) => {
        const end = await accessEnded(lib, token)
        if (!end) return null
        const library = (await lib.catalog.repos.meta.get('name')) ?? ''
        return { library, reason: end.reason, by: end.endedBy, at: end.endedAt }
      })
    },
    refusal: 'This window is not signed in to the team library. Sign in with the address or token an admin gave you.',
    signInPage: {
      title: 'Framevault team library: sign in with your token',
      paragraphs: [
        'This team library lets in people with an API token. Open the address with `?token=` and your token, as your admin gave it to you (a token starts with `fvt_`).',
        'The admin who started the hub got an address with a token in its terminal. An admin can issue another token with `framevault people token <id>` or in the app.',
      ],
    },
  }
}
