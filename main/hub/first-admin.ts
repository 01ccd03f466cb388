import { createInterface } from 'node:readline/promises'
import { PersonName } from '../../shared/contract/people'

/** The name a first admin gets when nobody named them: no --admin and no terminal to ask (a service, a script). */
export const DEFAULT_ADMIN_NAME = 'admin'

/** How the first admin's name was decided: given, asked for, or the default (the hub then prints how to rename). */
export interface FirstAdminName {
  name: string
  defaulted: boolean
}

/** `--admin NAME`: a person's name (trimmed, 1–80 characters, no control characters); undefined when absent. */
export function parseAdminName(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const parsed = PersonName.safeParse(text)
  if (!parsed.success) throw new Error(`--admin: ${parsed.error.issues[0]!.message}`)
  return parsed.data
}

/**
 * The first admin's name on a hub's first start: `--admin`'s, else asked on the terminal, else the default. A hub
 * started without a terminal must still start (a service manager, a script), so it is never refused for want of one.
 */
export async function firstAdminName(
  given: string | undefined,
  ask: (() => Promise<string>) | null = terminalAsk(),
): Promise<FirstAdminName> {
  if (given !== undefined) return { name: given, defaulted: false }
  if (ask === null) return { name: DEFAULT_ADMIN_NAME, defaulted: true }
  for (;;) {
    const answer = (await ask()).trim()
    if (answer === '') return { name: DEFAULT_ADMIN_NAME, defaulted: false }
    const parsed = PersonName.safeParse(answer)
    if (parsed.success) return { name: parsed.data, defaulted: false }
    console.error(parsed.error.issues[0]!.message)
  }
}

/** Asks for the name on this process's terminal; null when it has none. */
function terminalAsk(): (() => Promise<string>) | null {
  if (!process.stdin.isTTY) return null
  return async () => {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    // Ctrl-D closes the terminal's input: take the default then rather than wait for ever.
    const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')))
    try {
      return await Promise.race([
        rl.question(`First start: the first admin's name (Enter: "${DEFAULT_ADMIN_NAME}"): `),
        closed,
      ])
    } finally {
      rl.close()
    }
  }
}
