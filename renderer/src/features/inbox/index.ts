import './inbox.css'

// The inbox feature's public entry: the title bar's bell and its list.
export { InboxBell } from './InboxBell'
