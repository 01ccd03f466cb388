import './links.css'

// The review links feature's public entry (issue 60 point 4): Settings' Review links, a collection's Review links…,
// and a link visitor's guest view.
export { CollectionLinksDialog } from './CollectionLinksDialog'
export { GuestBanner } from './GuestBanner'
export { ReviewLinksSection } from './ReviewLinksSection'
export { useLinkVisit, useMayDownload } from './use-link-visit'
