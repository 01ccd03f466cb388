import type { GraphLevel } from './subgraph-path'

/** "Workflow › Decode and save": each level but the last goes back to it. */
export function SubgraphBreadcrumbs({ levels, onGo }: { levels: GraphLevel[]; onGo: (path: string[]) => void }) {
  if (levels.length < 2) return null
  return (
    <nav className="wf-breadcrumbs" aria-label="Subgraphs">
      {levels.map((level, index) =>
        index === levels.length - 1 ? (
          <span key={level.path.join('/')} aria-current="page">
            {level.title}
          </span>
        ) : (
          <span key={level.path.join('/')}>
            <button type="button" className="link" onClick={() => onGo(level.path)}>
              {level.title}
            </button>
            <span aria-hidden="true"> › </span>
          </span>
        ),
      )}
    </nav>
  )
}
