import type { StackReason } from '../../../../shared/contract'

/** Why a file stands under its head's card, as a label. */
export const REASON_LABEL: Record<StackReason, string> = {
  sidecar: 'Sidecar PNG',
  proxy: 'Proxy',
  processed: 'Processed version',
}

/** Why an asset stands under its head, as the end of "In the stack of …". */
export const REASON_AS: Record<StackReason, string> = {
  sidecar: 'as its sidecar PNG',
  proxy: 'as a proxy',
  processed: 'as a processed version',
}

/** "1 related file" or "3 related files". */
export function relatedFiles(count: number): string {
  return count === 1 ? '1 related file' : `${count.toLocaleString()} related files`
}

/** "1 related file stands" or "3 related files stand", to say where they stand. */
export function relatedFilesStand(count: number): string {
  return `${relatedFiles(count)} ${count === 1 ? 'stands' : 'stand'}`
}
