import type { ErrorShape } from '../../../shared/errors'

/** Full-window notice that the library cannot be read (gone, or this window signed out), with what to do. */
export function ErrorScreen({ error, onRetry }: { error: ErrorShape; onRetry: () => void }) {
  const signedOut = error.code === 'unauthorized'
  return (
    <main className="error-screen" role="alert">
      <h1>{signedOut ? 'This window is signed out' : 'Framevault cannot reach its library'}</h1>
      <p>{error.message}</p>
      {signedOut ? (
        <a href="/">Sign in</a>
      ) : (
        <button type="button" className="primary" onClick={onRetry}>
          Retry
        </button>
      )}
    </main>
  )
}
