/** The two views of analyses: this library's and a plugin's database; plain links, so each is a history step. */
export function AnalysesTabs({ current }: { current: 'library' | 'caches' }) {
  return (
    <nav className="analyses-tabs" aria-label="Analyses views">
      <a href="#/analyses" aria-current={current === 'library' ? 'page' : undefined}>
        In this library
      </a>
      <a href="#/analyses/caches" aria-current={current === 'caches' ? 'page' : undefined}>
        Plugin caches
      </a>
    </nav>
  )
}
