import { MAX_STACK_MEMBERS, type ProcessorAction, type StackView } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../app/library-context'

/** An asset's place in the stacks (`stacks:of`): the head it stands under, and the members it heads. */
export async function stackOf(lib: Pick<Library, 'catalog' | 'db' | 'repos'>, id: string): Promise<StackView> {
  if (!(await lib.catalog.repos.media.fileOf(id))) throw new AppError('not_found', `No asset ${id}.`)
  const { stacks } = lib.repos
  return lib.db.transaction(() => ({ head: stacks.shownHead(id), ...stacks.members(id, MAX_STACK_MEMBERS) }))()
}

/**
 * Stacks a processor's new output under its input's card (under the input's own head when the input is a member:
 * stacks are flat); a proxy as a proxy, anything else as a processed version.
 */
export function stackOutput(
  lib: Pick<Library, 'repos'>,
  inputId: string,
  outputId: string,
  action: ProcessorAction,
): void {
  lib.repos.stacks.add(outputId, inputId, action === 'proxy' ? 'proxy' : 'processed')
}
