import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { dispatch } from '../dispatch'
import type { Library } from '../services/library-context'

/**
 * Calls a channel through the dispatcher, as every host does; resolves to its data, throws its typed error.
 * Typed by channel like the contract's `Api`: a wrong input is a type error, the output needs no cast.
 */
export async function callChannel<C extends Channel>(
  library: Library,
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const envelope = await dispatch(library, channel, input)
  if (!envelope.ok) throw AppError.fromShape(envelope.error)
  return envelope.data as ChannelOutput<C>
}

/**
 * Throws a usage (validation) error unless `args` has `min` to `max` entries: "<command> needs
 * <needs>." when too few, the extra arguments when too many; `usage` follows the message when given.
 */
export function expectArgs(
  command: string,
  args: readonly string[],
  { min, max, needs, usage }: { min: number; max: number; needs: string; usage?: string },
): void {
  const tail = usage === undefined ? '' : `\n\n${usage}`
  if (args.length < min) throw new AppError('validation', `${command} needs ${needs}.${tail}`)
  if (args.length > max) throw new AppError('validation', `Unexpected arguments: ${args.slice(max).join(' ')}${tail}`)
}

/** True when `value` is one of `names`: narrows a command-line word to a module's command type. */
export function isOneOf<T extends string>(names: readonly T[], value: string): value is T {
  return (names as readonly string[]).includes(value)
}
