import type { z } from 'zod'
import { contract, isChannel, type Channel, type Contract } from '../shared/contract'
import { AppError, type Envelope } from '../shared/errors'
import { handlers } from './handlers/index'
import type { Handler } from './handlers/handler-types'
import type { Library } from './library/library'

/**
 * Runs one request through the contract: unknown channels and inputs that fail the zod
 * schema never reach a handler; every failure comes back as a typed error.
 */
export async function dispatch(lib: Library, channel: string, input: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isChannel(channel)) throw new AppError('not_found', `Unknown channel "${channel}".`)
    return { ok: true, data: await run(lib, channel, input) }
  } catch (error) {
    return { ok: false, error: toAppError(error).toShape() }
  }
}

async function run<C extends Channel>(lib: Library, channel: C, input: unknown): Promise<unknown> {
  const { input: inputSchema, output: outputSchema } = contract[channel] as Contract[C]
  const parsed = inputSchema.safeParse(input)
  if (!parsed.success) {
    throw new AppError('validation', `Invalid input for ${channel}: ${summarise(parsed.error)}`, {
      issues: parsed.error.issues.map(({ path, message, code }) => ({ path, message, code })),
    })
  }
  const handler = handlers[channel] as Handler<C>
  const result = outputSchema.safeParse(await handler(parsed.data as never, lib))
  if (!result.success) throw new AppError('internal', `The ${channel} handler returned data outside its contract.`)
  return result.data
}

function summarise(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ` : '') + issue.message).join('; ')
}

/** Maps anything thrown to an AppError: Node I/O errors to `io`, the unexpected to `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const errno = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) return new AppError('io', (error as Error).message)
  console.error(error)
  return new AppError('internal', 'Unexpected error; see the log of the Framevault process.')
}
