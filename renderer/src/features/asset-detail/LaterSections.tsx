const LATER = [
  { title: 'Generation', what: 'The prompt, model and settings that generated this asset will appear here.' },
  { title: 'Workflows', what: 'The workflows and runs that used or produced this asset will appear here.' },
  { title: 'Processing', what: 'Processing jobs on this asset and the files they made from it will appear here.' },
]

/** The sections later parts of Framevault fill, labelled now so people know what is coming. */
export function LaterSections() {
  return (
    <>
      {LATER.map((section) => (
        <section key={section.title} className="detail-section later-section" aria-label={section.title}>
          <h2>{section.title}</h2>
          <p>{section.what}</p>
        </section>
      ))}
    </>
  )
}
