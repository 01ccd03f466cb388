import type { View } from '../store/navigation-slice'

const EMPTY_TEXT: Record<Exclude<View, 'info'>, { title: string; text: string }> = {
  library: { title: 'Library', text: 'No media in this library yet.' },
  workflows: { title: 'Workflows', text: 'No workflows stored in this library yet.' },
  analyses: { title: 'Analyses', text: 'No cached analyses in this library yet.' },
}

/** What a section shows while the library holds nothing of its kind. */
export function EmptyView({ view }: { view: Exclude<View, 'info'> }) {
  const { title, text } = EMPTY_TEXT[view]
  return (
    <section>
      <h1>{title}</h1>
      <p className="empty">{text}</p>
    </section>
  )
}
