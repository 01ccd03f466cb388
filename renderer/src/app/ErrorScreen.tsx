import type { ErrorShape } from '../../../shared/errors'

/** Full-window notice that the backend is gone, with a way to try again. */
export function ErrorScreen({ error, onRetry }: { error: ErrorShape; onRetry: () => void }) {
  return (
    <main className="error-screen" role="alert">
      <h1>Framevault cannot reach its backend</h1>
      <p>{error.message}</p>
      <button type="button" className="primary" onClick={onRetry}>
        Retry
      </button>
    </main>
  )
}
