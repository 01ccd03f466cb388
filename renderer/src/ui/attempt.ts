import type { ErrorShape } from '../../../shared/errors'
import { toErrorShape } from './error-shape'

/** Runs a call and answers its failure as the typed error shape, or undefined when it worked. */
export async function attempt(call: () => Promise<void>): Promise<ErrorShape | undefined> {
  try {
    await call()
    return undefined
  } catch (error) {
    return toErrorShape(error)
  }
}
