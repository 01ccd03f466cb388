import { inboxPage, markInboxRead, markInboxReadUpTo } from '../services/inbox/inbox'
import type { HandlerGroup } from './handler-types'

const EMPTY = { entries: [], unread: 0, next: null }

/** Each signed-in person's inbox (issue 60 point 6); where nobody signs in (a library of one user) it is empty. */
export const inboxHandlers = {
  'inbox:list': (query, lib, caller) => (caller?.person ? inboxPage(lib, caller.person.id, query) : EMPTY),
  'inbox:read': ({ ids }, lib, caller) => (caller?.person ? markInboxRead(lib, caller.person.id, ids) : { unread: 0 }),
  'inbox:read-all': ({ upTo }, lib, caller) =>
    caller?.person ? markInboxReadUpTo(lib, caller.person.id, upTo) : { unread: 0 },
} satisfies HandlerGroup
