import type { z } from 'zod'
import type { Role, Scope } from '../../shared/access'
import type { Channel, Contract, ParsedInput } from '../../shared/contract'
import type { Library } from '../services/library-context'

/**
 * Who calls, where a host knows people apart (a team hub): their role decides which channels they may call, and
 * their name is recorded as who made each change. A host with one user gives no caller.
 */
export interface Caller {
  role: Role
  /** What they see: every asset (also when absent), or only those of the collections shared with them. */
  scope?: Scope
  /** The signed-in person; absent only in tests of the role checks. */
  person?: { id: number; name: string }
  /** A visitor of a review link (issue 60 point 4): no account, a commenter who sees the link's collection alone. */
  link?: LinkVisitor
  /** The act the call is part of, as the client names it (`push:<uuid>`): the activity log makes its calls one entry. */
  action?: string
}

/** Who opened a review link: the link, what it allows, and the name they typed (null until they type one). */
export interface LinkVisitor {
  id: number
  collectionId: number
  downloads: boolean
  guestName: string | null
}

/**
 * A handler gets the parsed input, the library (its `actor` the caller's name on a hub) and the caller where the
 * host has people; it returns data its output schema accepts.
 */
export type Handler<C extends Channel> = (
  input: ParsedInput<C>,
  lib: Library,
  caller?: Caller,
) => Promise<z.input<Contract[C]['output']>> | z.input<Contract[C]['output']>

/** One handler for every channel: a missing channel is a type error. */
export type Handlers = { [C in Channel]: Handler<C> }

/** The handlers of one domain, merged into `Handlers` by the registry. */
export type HandlerGroup = Partial<Handlers>
