import { useCallback, type ReactNode } from 'react'
import { routeFromHash } from '../../store/navigation-slice'
import { useAppStore } from '../../store/use-app-store'
import { isPlainClick } from '../../ui/plain-click'

/**
 * Opens a `#/library?…` link as one history step: the library view first (the Stats page's URL
 * does not carry it, so nothing is written), then the page. Following the bare hash would apply
 * page and view as two steps, and Back would land on the unfiltered library instead of Stats.
 */
export function useOpenLibrary(): (href: string) => void {
  const setBrowse = useAppStore((s) => s.setBrowse)
  const navigate = useAppStore((s) => s.navigate)
  return useCallback(
    (href: string) => {
      const route = routeFromHash(href)
      if (!route) return
      setBrowse(route.browse)
      navigate('library')
    },
    [setBrowse, navigate],
  )
}

/** A link to the library filtered (the href stays for opening in a new window or copying). */
export function LibraryLink({ href, children }: { href: string; children: ReactNode }) {
  const open = useOpenLibrary()
  return (
    <a
      href={href}
      onClick={(event) => {
        if (!isPlainClick(event)) return
        event.preventDefault()
        open(href)
      }}
    >
      {children}
    </a>
  )
}
