import { z } from 'zod'

/**
 * Text people give something as its name (a library, an asset, a tag): trimmed, 1 to `max`
 * characters, no control characters. `what` starts the messages: "The name", "A tag".
 */
export function nameText(what: string, max: number) {
  return (
    z
      .string()
      .trim()
      .min(1, `${what} must not be empty.`)
      .max(max, `${what} must be at most ${max} characters.`)
      // eslint-disable-next-line no-control-regex -- the point is to reject control characters
      .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), `${what} must not contain control characters.`)
  )
}
