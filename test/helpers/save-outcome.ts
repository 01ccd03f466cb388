import { AppError } from '../../shared/errors'

/** What a save's promise ended with: its result, or the refusal's code and details. */
export async function outcome<T>(save: Promise<T>): Promise<{ ok: T } | { code: string; details: unknown }> {
  try {
    return { ok: await save }
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return { code: error.code, details: error.details }
  }
}
