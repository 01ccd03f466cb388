import {
  MAX_STACK_MEMBERS,
  type ChannelOutput,
  type ParsedInput,
  type ProcessorAction,
  type StackView,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Uses } from '../library-context'

/** An asset's place in the stacks (`stacks:of`): the head it stands under, and the members it heads. */
export async function stackOf(lib: Uses<'media' | 'stacks'>, id: string): Promise<StackView> {
  if (!(await lib.catalog.repos.media.fileOf(id))) throw new AppError('not_found', `No asset ${id}.`)
  // One snapshot: the head, the members listed and their count agree.
  return lib.catalog.transaction(
    async ({ stacks }) => ({ head: await stacks.shownHead(id), ...(await stacks.members(id, MAX_STACK_MEMBERS)) }),
    { readOnly: true },
  )
}

/**
 * Stacks a processor's new output under its input's card (under the input's own head when the input is a member:
 * stacks are flat); a proxy as a proxy, anything else as a processed version.
 */
export async function stackOutput(
  lib: Uses<'stacks'>,
  inputId: string,
  outputId: string,
  action: ProcessorAction,
): Promise<void> {
  await lib.catalog.repos.stacks.add(outputId, inputId, action === 'proxy' ? 'proxy' : 'processed')
}

/** Stacks assets as a pushed library had them (`stacks:put`); a member stacked here already stays where it is. */
export async function putStacks(
  lib: Uses<'media' | 'stacks'>,
  { stacks }: ParsedInput<'stacks:put'>,
): Promise<ChannelOutput<'stacks:put'>> {
  const { media } = lib.catalog.repos
  const counts = { added: 0, present: 0 }
  for (const { memberId, headId, reason } of stacks) {
    for (const id of [memberId, headId]) {
      if (!(await media.fileOf(id))) throw new AppError('not_found', `No asset ${id}.`)
    }
    if (await lib.catalog.repos.stacks.add(memberId, headId, reason)) counts.added += 1
    else counts.present += 1
  }
  return counts
}
