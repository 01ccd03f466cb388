import { useAppStore } from '../store/use-app-store'
import { ImportJobCard } from './ImportJobCard'

/** The recent imports, most recent first; nothing while there are none. */
export function ImportPanel() {
  const imports = useAppStore((s) => s.imports)
  if (imports.length === 0) return null
  return (
    <section className="import-panel" aria-label="Imports">
      {imports.map((entry) => (
        <ImportJobCard key={entry.job.id} entry={entry} />
      ))}
    </section>
  )
}
