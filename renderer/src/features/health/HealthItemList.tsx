import type { HealthItem } from '../../../../shared/contract'

/** Assets a health job or check names, each opening its detail page, with where its file is (or was). */
export function HealthItemList({
  items,
  label,
  testId,
}: {
  items: readonly { id: string; name: string; path: string; reason?: string | null; newPath?: string | null }[]
  label: string
  testId: string
}) {
  return (
    <ul className="health-items" aria-label={label} data-testid={testId}>
      {items.map((item) => (
        <li key={item.id} data-asset-id={item.id}>
          {/* The bare hash carries no library view, so following it keeps the current one to return to. */}
          <a href={`#/asset/${encodeURIComponent(item.id)}`}>{item.name}</a>
          <span className="health-path" title={item.path}>
            {item.newPath ? `${item.path} → ${item.newPath}` : item.path}
          </span>
          {item.reason && <span className="health-reason">{item.reason}</span>}
        </li>
      ))}
    </ul>
  )
}

/** The items of a job with one of `outcomes`. */
export function itemsWith(
  items: readonly HealthItem[] | undefined,
  ...outcomes: HealthItem['outcome'][]
): HealthItem[] {
  return (items ?? []).filter((item) => outcomes.includes(item.outcome))
}
