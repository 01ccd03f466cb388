import type { ChannelInput } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'

export const WORKFLOW_VERSION_USAGE = `  workflow versions <id>     one JSON line per version (ordinal, shape hash, definitions, assets, runs)
  workflow json <asset> [--workflow ID]
                             print the exact workflow definition the asset came with (its JSON text)
  workflow diff <id> <v1> <v2>
                             compare two versions (ordinals, or definition hashes sha256:…): nodes
                             added, removed, changed (each widget old → new), links rewired, as JSON`

const VERBS = ['versions', 'json', 'diff'] as const
type VersionVerb = (typeof VERBS)[number]

/** True for the `workflow` verbs about versions and definitions. */
export function isVersionVerb(verb: string | undefined): verb is VersionVerb {
  return verb !== undefined && isOneOf(VERBS, verb)
}

/**
 * Runs `workflow versions|json|diff`. `print` writes a value as a JSON line; `write` writes text as it is
 * (a definition's exact text: a JSON line would quote it, and a reparse would round seeds past 2^53).
 */
export async function runVersionCommand(
  backend: CliBackend,
  verb: VersionVerb,
  args: string[],
  values: { workflow?: string },
  print: (value: unknown) => void,
  write: (text: string) => void,
): Promise<number> {
  const count = verb === 'diff' ? 3 : 1
  const needs = { versions: 'a workflow id', json: 'an asset id', diff: 'a workflow id and two versions' }[verb]
  expectArgs(`workflow ${verb}`, args, { min: count, max: count, needs })
  if (verb === 'versions') {
    const { items } = await backend.call('workflows:versions', { id: args[0]! })
    for (const item of items) print(item)
  } else if (verb === 'json') {
    const input = { assetId: args[0]!, ...(values.workflow !== undefined && { workflowId: values.workflow }) }
    write((await backend.call('workflows:definition', input)).definition.text)
  } else {
    const [id, from, to] = args as [string, string, string]
    print(await backend.call('workflows:diff', { id, from: versionArg(from), to: versionArg(to) }))
  }
  return 0
}

/** A version as typed: its ordinal ("2", "v2") or a definition hash (the contract refuses anything else). */
function versionArg(text: string): ChannelInput<'workflows:diff'>['from'] {
  const ordinal = /^v?(\d{1,7})$/i.exec(text)
  if (ordinal) return Number(ordinal[1])
  if (!text.startsWith('sha256:')) {
    throw new AppError(
      'validation',
      `"${text}" is no version: give its number (1, 2, …) or a definition hash (sha256:…).`,
    )
  }
  return text
}
