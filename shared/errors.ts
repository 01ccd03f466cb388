import { z } from 'zod'

/** Stable error codes that cross every process and host boundary. */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'conflict',
  'io',
  'internal',
  'unauthorized',
  'forbidden',
  'unreachable',
  /** This host is up but cannot serve now (a team library's catalogue restarting or out of reach): try again soon. */
  'unavailable',
  'too_large',
  /** The host cannot do this (e.g. reveal in folder outside the desktop app). */
  'unsupported',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** The serialisable form of a failure: what a host sends and a client receives. */
export const ErrorShape = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
})
export type ErrorShape = z.infer<typeof ErrorShape>

/** The result of one call as it travels between processes: data or a typed error. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorShape }

/** An error with a stable code; thrown by the service layer and by the renderer's client. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  /** The plain object sent across a boundary. */
  toShape(): ErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }

  /** Rebuilds the error on the receiving side. */
  static fromShape(shape: ErrorShape): AppError {
    return new AppError(shape.code, shape.message, shape.details)
  }
}
