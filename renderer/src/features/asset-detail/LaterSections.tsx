import type { MediaType } from '../../../../shared/contract'
import { ProcessingSection } from '../processing/index'

const LATER = [
  { title: 'Generation', what: 'The prompt, model and settings that generated this asset will appear here.' },
  { title: 'Workflows', what: 'The workflows and runs that used or produced this asset will appear here.' },
]

/** The sections later parts of Framevault fill, labelled now so people know what is coming; Processing is filled. */
export function LaterSections(props: { assetId: string; assetName: string; mediaType: MediaType }) {
  return (
    <>
      {LATER.map((section) => (
        <section key={section.title} className="detail-section later-section" aria-label={section.title}>
          <h2>{section.title}</h2>
          <p>{section.what}</p>
        </section>
      ))}
      <ProcessingSection {...props} />
    </>
  )
}
