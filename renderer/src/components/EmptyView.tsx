import type { View } from '../store/navigation-slice'

type EmptySection = Exclude<View, 'settings' | 'library' | 'asset' | 'stats' | 'caches'>

const EMPTY_TEXT: Record<EmptySection, { title: string; text: string }> = {
  workflows: { title: 'Workflows', text: 'No workflows stored in this library yet.' },
  analyses: { title: 'Analyses', text: 'No cached analyses in this library yet.' },
}

/** What a section shows while the library holds nothing of its kind. */
export function EmptyView({ view }: { view: EmptySection }) {
  const { title, text } = EMPTY_TEXT[view]
  return (
    <section>
      <h1>{title}</h1>
      <p className="empty">{text}</p>
    </section>
  )
}
