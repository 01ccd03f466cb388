import { z } from 'zod'

/**
 * Text people give something as its name (a library, an asset, a tag, an uploaded file): trimmed, 1 to `max`
 * characters, no control characters (C0 and C1) and no characters that override the text's direction (a
 * right-to-left override makes "clip\u202Egpj.exe" read as "clipexe.jpg"). `what` starts the messages: "The name",
 * "A tag".
 */
export function nameText(what: string, max: number) {
  return (
    z
      .string()
      .trim()
      .min(1, `${what} must not be empty.`)
      .max(max, `${what} must be at most ${max} characters.`)
      // eslint-disable-next-line no-control-regex -- the point is to reject control characters
      .refine((name) => !/[\u0000-\u001f\u007f-\u009f]/.test(name), `${what} must not contain control characters.`)
      .refine(
        (name) => !/[\u202a-\u202e\u2066-\u2069]/.test(name),
        `${what} must not contain characters that change the direction of the text.`,
      )
  )
}
