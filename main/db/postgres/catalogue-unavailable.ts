import { AppError } from '../../../shared/errors'

/** What a call is answered while the catalogue cannot be reached (503), when nothing more is known of why. */
export const CATALOGUE_UNREACHABLE = "The team library's catalogue cannot be reached just now; try again in a moment."

// Socket failures of the connection to the server: refused, reset, cut, unknown or unreachable host.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])
// SQLSTATEs of a server that is going or not there yet: admin_shutdown, crash_shutdown, cannot_connect_now.
const SERVER_GOING = new Set(['57P01', '57P02', '57P03'])
// What the pg driver says, with no code, of a connection that ended or never came.
const DRIVER_WORDS =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)/

/**
 * Whether `error` says the catalogue's server is out of reach (the connection refused or dropped, the server shutting
 * down or starting up), not that a statement failed: such a call may be tried again once the server is back.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof CatalogueUnavailable) return true
  if (!(error instanceof Error) || error instanceof AppError) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    return NETWORK_CODES.has(code) || SERVER_GOING.has(code) || code.startsWith('08')
  }
  return DRIVER_WORDS.test(error.message)
}

/** A statement that failed because the catalogue is out of reach: 503 in words, the driver's error as its cause. */
export class CatalogueUnavailable extends AppError {
  constructor(cause: Error) {
    super('unavailable', CATALOGUE_UNREACHABLE)
    this.cause = cause
  }
}

/** `error` as the engine throws it: a connection loss as CatalogueUnavailable, anything else as it is. */
export function asCatalogueError(error: unknown): unknown {
  if (error instanceof CatalogueUnavailable || !isConnectionLoss(error)) return error
  return new CatalogueUnavailable(error as Error)
}
