import type { HealthItem } from '../../../../shared/contract'
import { useAppStore } from '../../store/use-app-store'
import { isPlainClick } from '../../ui/plain-click'

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
  const openAsset = useAppStore((s) => s.openAsset)
  return (
    <ul className="health-items" aria-label={label} data-testid={testId}>
      {items.map((item) => (
        <li key={item.id} data-asset-id={item.id}>
          <a
            href={`#/asset/${encodeURIComponent(item.id)}`}
            onClick={(event) => {
              // The bare hash carries no library view: following it would reset the library's filters.
              if (!isPlainClick(event)) return
              event.preventDefault()
              openAsset(item.id)
            }}
          >
            {item.name}
          </a>
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
