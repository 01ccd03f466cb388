import { CopyButton } from '../../ui/CopyButton'

/** A review link's address just made, to copy: shown this once (only the token's hash is kept). */
export function MadeLinkAddress({ address }: { address: string }) {
  return (
    <p className="new-token-line" role="status" data-testid="new-link">
      <code data-testid="new-link-address">{address}</code>
      <CopyButton text={address} label="the review link" />
    </p>
  )
}
