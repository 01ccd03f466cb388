import { z } from 'zod'
import { Role } from './access'

/** What "Open team library…" asks for: the hub's address and the person's token (both as typed or pasted). */
export const TeamLibraryRequest = z
  .object({ address: z.string().trim().min(1).max(2_000), token: z.string().trim().min(1).max(500) })
  .strict()
export type TeamLibraryRequest = z.input<typeof TeamLibraryRequest>

/** The team library a request opened in a window of its own: where, and whom it signed in (null: a host without people). */
export const TeamLibraryOpened = z.object({
  origin: z.string(),
  person: z.object({ name: z.string(), role: Role }).nullable(),
})
export type TeamLibraryOpened = z.infer<typeof TeamLibraryOpened>
