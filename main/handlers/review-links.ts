import { createLink, listLinks, revokeLink, visitingLink } from '../services/links/review-links'
import type { HandlerGroup } from './handler-types'

/** Review links for people without an account (issue 60 point 4). */
export const reviewLinkHandlers = {
  'links:create': (request, lib) => createLink(lib, request),
  'links:list': ({ collectionId }, lib) => listLinks(lib, collectionId),
  'links:revoke': ({ id }, lib) => revokeLink(lib, id),
  'links:visiting': (_input, lib, caller) => visitingLink(lib, caller?.link?.id),
} satisfies HandlerGroup
