import { getMedia } from '../services/assets/media'
import {
  addPerson,
  anAdminName,
  issueToken,
  listPeople,
  removePerson,
  renamePerson,
  signInAddress,
  revokeToken,
  setRole,
  tokensOf,
} from '../services/people/people'
import { activityPage } from '../services/people/activity'
import { peopleToShareWith } from '../services/people/people-names'
import { setScope } from '../services/people/scope'
import { scopeOf, seesInternals } from '../../shared/access'
import type { HandlerGroup } from './handler-types'

export const peopleHandlers = {
  'people:me': async (_input, lib, caller) => ({
    person: caller?.person
      ? { ...caller.person, role: caller.role, scope: scopeOf(caller.role, caller.scope ?? 'all') }
      : null,
    admin: caller?.person ? await anAdminName(lib) : null,
  }),
  'people:list': async (_input, lib) => ({ people: await listPeople(lib) }),
  'people:names': async (_input, lib) => ({ people: await peopleToShareWith(lib) }),
  // Recorded as added by whoever calls (the library's actor is the caller's name on a hub).
  'people:add': async ({ name, role, scope }, lib) => {
    const made = await addPerson(lib, { name, role, scope }, lib.actor)
    return { ...made, address: signInAddress(lib, made.token) }
  },
  'people:rename': ({ id, name, baseVersion }, lib) => renamePerson(lib, id, name, baseVersion),
  'people:set-role': ({ id, role, baseVersion }, lib) => setRole(lib, id, role, baseVersion),
  'people:set-scope': ({ id, scope }, lib) => setScope(lib, id, scope),
  'people:remove': ({ id }, lib) => removePerson(lib, id),
  'people:tokens': async ({ id }, lib) => ({ tokens: await tokensOf(lib, id) }),
  'people:issue-token': async ({ id, label }, lib) => {
    const { token } = await issueToken(lib, id, label)
    return { token, address: signInAddress(lib, token) }
  },
  'people:revoke-token': ({ id, tokenId }, lib) => revokeToken(lib, id, tokenId),
  'people:activity': (input, lib) => activityPage(lib, input),
  // Notes are internal: who may not read them does not see that they changed either.
  'media:history': async ({ id, before, limit }, lib, caller) => {
    await getMedia(lib, id)
    const exceptKind = caller && !seesInternals(caller.role) ? 'notes' : undefined
    const page = await activityPage(lib, { assetId: id, before, limit, exceptKind })
    return {
      ...page,
      entries: page.entries.map(({ id, at, person, kind, words }) => ({ id, at, person, kind, words })),
    }
  },
} satisfies HandlerGroup
