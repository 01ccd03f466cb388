import { useShallow } from 'zustand/react/shallow'
import { hashOfRoute } from '../../app/navigation-slice'
import { useAppStore } from '../../app/use-app-store'

/**
 * The two views of analyses: this library's and a plugin's database, each as it was left (its
 * filters, the file opened last); plain links, so each is a history step.
 */
export function AnalysesTabs({ current }: { current: 'library' | 'caches' }) {
  const { cachesDb, analyses } = useAppStore(useShallow((s) => ({ cachesDb: s.cachesDb, analyses: s.analysesQuery })))
  return (
    <nav className="analyses-tabs" aria-label="Analyses views">
      <a
        href={hashOfRoute({ view: 'analyses', assetId: null, analyses })}
        aria-current={current === 'library' ? 'page' : undefined}
      >
        In this library
      </a>
      <a
        href={hashOfRoute({ view: 'caches', assetId: null, cachesDb })}
        aria-current={current === 'caches' ? 'page' : undefined}
      >
        Plugin caches
      </a>
    </nav>
  )
}
