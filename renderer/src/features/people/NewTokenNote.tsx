import { CopyButton } from '../../ui/CopyButton'

/**
 * A token just made, shown this once (only its hash is kept): with the address that signs its person in to this
 * hub, to copy and hand over. The hub names its address (`--public-url`, or the one it listens on): the page's own
 * may be one only this machine reaches (127.0.0.1).
 */
export function NewTokenNote({
  name,
  token,
  address: given,
  onDone,
}: {
  name: string
  token: string
  address: string | null
  onDone(): void
}) {
  const address = given ?? `${window.location.origin}/?token=${token}`
  return (
    <div className="new-token" role="status" data-testid="new-token">
      <p>
        <strong>{name}</strong>’s new token. It is shown only now: copy it and hand it to {name}, who signs in with it.
      </p>
      <p className="new-token-line">
        <code data-testid="new-token-value">{token}</code>
        <CopyButton text={token} label={`${name}’s token`} />
      </p>
      <p className="new-token-line">
        <code data-testid="new-token-address">{address}</code>
        <CopyButton text={address} label={`${name}’s sign-in address`} />
      </p>
      <button type="button" onClick={onDone}>
        Done
      </button>
    </div>
  )
}
