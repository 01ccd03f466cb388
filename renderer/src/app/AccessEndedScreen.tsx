import type { AccessEnded } from '../../../shared/contract'
import { formatDateTime } from '../format'

/** What a window says once its person's access to the team library was taken away: who did it, when, what now. */
export function AccessEndedScreen({ ended }: { ended: AccessEnded }) {
  if (ended.link) return <LinkEndedScreen ended={ended} />
  const library = ended.library || 'this team library'
  const by = ended.by ? ` by ${ended.by}` : ''
  const when = ended.at ? ` on ${formatDateTime(ended.at)}` : ''
  return (
    <main className="error-screen" role="alert" data-testid="access-ended">
      <h1>
        {ended.reason === 'revoked'
          ? `Your sign-in to ${library} was revoked${by}`
          : ended.reason === 'removed'
            ? `Your access to ${library} was removed${by}`
            : `Your access to ${library} has ended`}
      </h1>
      {when && <p>It happened{when}.</p>}
      <p>
        {ended.reason === 'revoked'
          ? 'If you still work on this library, sign in with another token from an admin.'
          : 'If this is a mistake, ask an admin of this library to add you again.'}
      </p>
      <a href="/">Sign in again</a>
    </main>
  )
}

/** What a review link's page says once the link was revoked or expired: it shows nothing more. */
function LinkEndedScreen({ ended }: { ended: AccessEnded }) {
  const by = ended.reason === 'revoked' && ended.by ? ` by ${ended.by}` : ''
  return (
    <main className="error-screen" role="alert" data-testid="access-ended">
      <h1>{ended.reason === 'revoked' ? `This review link was revoked${by}` : 'This review link has expired'}</h1>
      <p>Whoever sent you the link can make you a new one.</p>
    </main>
  )
}
