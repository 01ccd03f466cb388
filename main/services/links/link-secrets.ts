import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// Every link's token starts so: a host tells a link's bearer from a person's token by it.
export const LINK_TOKEN_PREFIX = 'fvl_'
// scrypt's cost (N = 2^14, r = 8: about 16 MiB and 40 ms a hash): slow to guess, quick enough for one visitor.
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEY_BYTES = 32

/** A new link token: 256 random bits, base64url, after the prefix. */
export function newLinkToken(): string {
  return LINK_TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

/** What is stored of a token: its SHA-256 (the token is random and long, so no slow hash is needed). */
export function linkTokenHash(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`
}

/** A password's slow, salted hash as stored: `scrypt:<salt>:<key>`. */
export async function passwordHash(password: string): Promise<string> {
  const salt = randomBytes(16)
  return `scrypt:${salt.toString('base64url')}:${(await derive(password, salt)).toString('base64url')}`
}

/** Whether `password` is the one `stored` was made from (compared in constant time). */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, salt, key] = stored.split(':')
  if (kind !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const given = await derive(password, Buffer.from(salt, 'base64url'))
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * A visitor's proof that they typed a link's password, until `until` (milliseconds): `<token>.<until>.<mac>`, the
 * MAC keyed by the stored password hash. It needs no state on the server (any process of a hub checks it), and a
 * link given a new password or revoked stops honouring it.
 */
export function passwordProof(token: string, storedHash: string, until: number): string {
  return `${token}.${until}.${mac(token, storedHash, until)}`
}

/** A presented credential split into the link's token and, after a password, its proof's expiry and MAC. */
export function splitCredential(credential: string): { token: string; until: number | null; mac: string | null } {
  const [token = '', until, given] = credential.split('.')
  if (until === undefined || given === undefined || !/^\d{1,15}$/.test(until)) return { token, until: null, mac: null }
  return { token, until: Number(until), mac: given }
}

/** Whether a proof's MAC is the one `storedHash` makes for this token and expiry. */
export function proofMatches(token: string, storedHash: string, until: number, given: string): boolean {
  const expected = Buffer.from(mac(token, storedHash, until))
  const presented = Buffer.from(given)
  return expected.length === presented.length && timingSafeEqual(expected, presented)
}

function mac(token: string, storedHash: string, until: number): string {
  return createHmac('sha256', storedHash).update(`${token}.${until}`).digest('base64url')
}

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  )
}
