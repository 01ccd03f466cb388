import type { MouseEvent } from 'react'

/** A jump past the page's chrome: to the element with id `prefer` while it is shown, else to the one with id `to`. */
export interface SkipLink {
  to: string
  label: string
  prefer?: string
}

/**
 * "Skip to …" links, the first stops of the Tab order, shown only while focused. They move focus
 * themselves: the app routes by the URL hash, so a plain `#id` link would navigate.
 */
export function SkipLinks({ links }: { links: readonly SkipLink[] }) {
  const jump = (event: MouseEvent, link: SkipLink) => {
    event.preventDefault()
    const target = (link.prefer ? document.getElementById(link.prefer) : null) ?? document.getElementById(link.to)
    if (!target) return
    target.focus()
    target.scrollIntoView({ block: 'nearest' })
  }
  return (
    <nav className="skip-links" aria-label="Skip links">
      {links.map((link) => (
        <a key={link.to} href={`#${link.to}`} onClick={(event) => jump(event, link)}>
          {link.label}
        </a>
      ))}
    </nav>
  )
}
