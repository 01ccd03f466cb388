import { CopyButton } from '../../ui/CopyButton'
import { foldedSummary, type Fact } from './metadata-groups'

/** Labelled facts as a definition list; facts marked `copy` get a copy button, `folded` ones open on demand. */
export function FactList({ facts }: { facts: Fact[] }) {
  return (
    <dl className="detail-facts">
      {facts.map((fact) => (
        <div key={fact.label}>
          <dt>{fact.label}</dt>
          <dd>{fact.folded ? <FoldedValue fact={fact} /> : fact.copy ? <CopyValue fact={fact} /> : fact.value}</dd>
        </div>
      ))}
    </dl>
  )
}

function CopyValue({ fact }: { fact: Fact }) {
  return (
    <span className="copy-value">
      <code>{fact.value}</code>
      <CopyButton text={fact.copyText ?? fact.value} label={fact.label} />
    </span>
  )
}

/** A whole document in a tag: its first line and length, the text on opening; Copy takes it whole either way. */
function FoldedValue({ fact }: { fact: Fact }) {
  return (
    <span className="copy-value folded-value">
      <details>
        <summary>
          <code>{foldedSummary(fact.value)}</code>
        </summary>
        <pre>{fact.value}</pre>
      </details>
      <CopyButton text={fact.copyText ?? fact.value} label={fact.label} />
    </span>
  )
}
