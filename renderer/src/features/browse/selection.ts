/** How a click or key changes the selection: only this asset, toggle it, or extend from the anchor. */
export type SelectMode = 'only' | 'toggle' | 'range'

/**
 * The selection after picking `id` in `order` (the view's current order). A range runs from
 * the anchor to `id` and replaces the selection, as in file managers; when the anchor is not
 * in the loaded order, only `id` is selected.
 */
export function selectionAfter(
  selection: readonly string[],
  order: readonly string[],
  anchor: string | null,
  id: string,
  mode: SelectMode,
): string[] {
  if (mode === 'toggle') return selection.includes(id) ? selection.filter((known) => known !== id) : [...selection, id]
  if (mode === 'range' && anchor !== null) {
    const from = order.indexOf(anchor)
    const to = order.indexOf(id)
    if (from >= 0 && to >= 0) return order.slice(Math.min(from, to), Math.max(from, to) + 1)
  }
  return [id]
}
