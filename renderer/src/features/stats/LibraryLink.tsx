import { useCallback, type ReactNode } from 'react'
import { routeFromHash } from '../../app/navigation-slice'
import { useAppStore } from '../../app/use-app-store'

/** Opens a `#/library?…` link (a chart bar, which is no anchor): page and view in one history step. */
export function useOpenLibrary(): (href: string) => void {
  const applyRoute = useAppStore((s) => s.applyRoute)
  return useCallback(
    (href: string) => {
      const route = routeFromHash(href)
      if (route) applyRoute(route)
    },
    [applyRoute],
  )
}

/** A link to the library filtered; following the hash applies page and view as one history step. */
export function LibraryLink({ href, children }: { href: string; children: ReactNode }) {
  return <a href={href}>{children}</a>
}
