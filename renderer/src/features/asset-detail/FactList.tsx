import { CopyButton } from '../../ui/CopyButton'
import type { Fact } from './metadata-groups'

/** Labelled facts as a definition list; facts marked `copy` get a copy button. */
export function FactList({ facts }: { facts: Fact[] }) {
  return (
    <dl className="detail-facts">
      {facts.map((fact) => (
        <div key={fact.label}>
          <dt>{fact.label}</dt>
          <dd>
            {fact.copy ? (
              <span className="copy-value">
                <code>{fact.value}</code>
                <CopyButton text={fact.copyText ?? fact.value} label={fact.label} />
              </span>
            ) : (
              fact.value
            )}
          </dd>
        </div>
      ))}
    </dl>
  )
}
