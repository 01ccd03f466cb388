import './workflows.css'
import './workflow-pages.css'
import './workflow-detail.css'
import './workflow-versions.css'

// The workflows feature's public entry: the Workflows pages the shell routes to (list, workflow, execution).
export { WorkflowsPage } from './WorkflowsPage'
export { WorkflowPage } from './WorkflowPage'
export { ExecutionPage } from './ExecutionPage'
// The formats as people name them (the import panel names a dropped workflow's).
export { FORMAT_NAMES } from './workflow-view'
