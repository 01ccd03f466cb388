import { AppError, type ErrorShape } from '../../../shared/errors'

/** Anything a call threw, as the typed error shape the UI shows. */
export function toErrorShape(error: unknown): ErrorShape {
  return error instanceof AppError ? error.toShape() : { code: 'internal', message: String(error) }
}
