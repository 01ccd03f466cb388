import type { AccessEnded } from '../../shared/contract'
import type { Caller } from '../handlers/handler-types'
import type { LibrarySource } from '../app/library-session'
import { accessEnded, browserToken, signIn, signOutBrowser } from '../services/people/people'
import type { StreamReader } from './event-stream'
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
  /** The page a browser without a token sees: its words, and the field a token or address is pasted into. */
  signInPage: SignInPage
  /** The token a browser that signed in with `token` keeps in its cookie (a person's own, lasting, on a hub). */
  browserToken(token: string): Promise<string>
  /** Ends a browser's sign-in: the token its cookie held stops working where it was that browser's own. */
  signOut(token: string): Promise<void>
}

/** The words of a sign-in page, with its one field. */
export interface SignInPage {
  title: string
  paragraphs: readonly string[]
  /** The field's label: what to paste into it. */
  field: string
  /** Said above the field after a paste that let no one in. */
  refused: string
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
        'Open that address again, or paste it below. If the web host was restarted, it printed a new one; the address of an earlier run no longer works.',
      ],
      field: 'The address it printed',
      refused: 'That address does not let anyone in: it may be from an earlier run.',
    },
    browserToken: async (token) => token,
    // The one secret is the host's, not the browser's: clearing the cookie is all a sign-out does.
    signOut: async () => {},
  }
}

/** A hub's access: each person's API token lets them in with their role, checked against the library's people. */
export function peopleAccess(libraries: LibrarySource): HostAccess {
  return {
    async admit(token) {
      if (token === undefined) return null
      const person = await libraries.use((lib) => signIn(lib, token))
      if (!person) return null
      return { caller: { role: person.role, scope: person.scope, person: { id: person.personId, name: person.name } } }
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
      title: 'Sign in to this team library',
      paragraphs: [
        'Paste the token or the sign-in address an admin of this team library gave you, then press Sign in. This browser then stays signed in until you sign out.',
        'No token yet, or yours no longer works? Ask an admin: they make one in Settings, under People.',
      ],
      field: 'Your token or sign-in address',
      refused:
        'That token does not sign anyone in here: it may have been revoked, or be for another team library. Check it, or ask an admin for a new one.',
    },
    async browserToken(token) {
      return (await libraries.use((lib) => browserToken(lib, token))) ?? token
    },
    async signOut(token) {
      await libraries.use((lib) => signOutBrowser(lib, token))
    },
  }
}

/** The reader of a person's event stream: their role, asked again by presenting their token anew. */
export function personStreamReader(access: HostAccess, token: string | undefined, caller: Caller): StreamReader {
  return {
    role: caller.role,
    scope: caller.scope ?? 'all',
    async check() {
      const again = await access.admit(token)
      if (again?.caller) return { role: again.caller.role, scope: again.caller.scope ?? 'all' }
      return { ended: (await access.ended(token)) ?? { library: '', reason: 'ended', by: null, at: null } }
    },
  }
}
