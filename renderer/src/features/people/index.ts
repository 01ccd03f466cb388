// The people feature's public entry: who this window is signed in as on a team hub (the title bar), and the
// admin's People section in Settings.
export { PeopleSection } from './PeopleSection'
export { SignedInBadge } from './SignedInBadge'
export { useKeepsTeamLists, useMayCall } from './use-may-call'
export { useOnlyMe } from './use-only-me'
export { useAdminToAsk, useSignedIn } from './use-signed-in'
