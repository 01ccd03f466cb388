import type { ReviewLinkRow } from '../../db/repos/review-links'
import type { Uses } from '../library-context'
import { linkTokenHash, passwordMatches, passwordProof, proofMatches, splitCredential } from './link-secrets'
import { linkState } from './review-links'

// How long a typed password lets a visitor in before they type it again.
export const PASSWORD_PROOF_MS = 12 * 60 * 60 * 1000

/**
 * What a presented link credential opens: the link (open), why it no longer does (expired, revoked), that its
 * password is wanted first, or nothing (no such link, or one whose collection was deleted).
 */
export type LinkOpening =
  { state: 'open' | 'expired' | 'revoked' | 'needs-password'; link: ReviewLinkRow } | { state: 'unknown' }

/** What `credential` (a link's token, or the proof a password gave) opens at `now`; read anew at every request. */
export async function openLink(lib: Uses<'links'>, credential: string, now = new Date()): Promise<LinkOpening> {
  const { token, until, mac } = splitCredential(credential)
  const link = await lib.catalog.repos.links.byTokenHash(linkTokenHash(token))
  if (!link) return { state: 'unknown' }
  const state = linkState(link, now)
  if (state !== 'open' || link.passwordHash === null) return { state, link }
  const proven = until !== null && mac !== null && until > now.getTime()
  return proven && proofMatches(token, link.passwordHash, until, mac)
    ? { state, link }
    : { state: 'needs-password', link }
}

/**
 * The credential a visitor who typed `password` for the link of `token` presents from now on (until it lapses); null
 * when the password is not the link's. Only an open link with a password is unlocked.
 */
export async function unlockLink(
  link: ReviewLinkRow,
  token: string,
  password: string,
  now = new Date(),
): Promise<{ credential: string; until: number } | null> {
  if (link.passwordHash === null || !(await passwordMatches(password, link.passwordHash))) return null
  const until = Math.min(
    now.getTime() + PASSWORD_PROOF_MS,
    link.expiresAt === null ? Infinity : Date.parse(link.expiresAt),
  )
  return { credential: passwordProof(token, link.passwordHash, until), until }
}
