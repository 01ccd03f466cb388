/**
 * A team library's address and the person's token, as "Open team library…" and "Send to team library…" ask for
 * them: labelled fields of the form around them, the token masked and never filled in by the browser.
 */
export function TeamAddressFields({
  idPrefix,
  address,
  token,
  disabled,
  onAddress,
  onToken,
}: {
  idPrefix: string
  address: string
  token: string
  disabled: boolean
  onAddress(value: string): void
  onToken(value: string): void
}) {
  return (
    <>
      <label htmlFor={`${idPrefix}-address`}>Address</label>
      <input
        id={`${idPrefix}-address`}
        type="text"
        inputMode="url"
        spellCheck={false}
        autoComplete="off"
        placeholder="https://hub.example.com"
        value={address}
        disabled={disabled}
        onChange={(event) => onAddress(event.target.value)}
      />
      <label htmlFor={`${idPrefix}-token`}>Token</label>
      <input
        id={`${idPrefix}-token`}
        type="password"
        spellCheck={false}
        autoComplete="off"
        placeholder="fvt_…"
        value={token}
        disabled={disabled}
        onChange={(event) => onToken(event.target.value)}
      />
    </>
  )
}
