// The library's regions the shell's skip links jump to (ids in the page; see app/AppFrame).
/** The results: the grid or the list (focus arriving on the region goes on to it), or why there are none. */
export const RESULTS_ID = 'browse-results'
/** The filter panel, when open. */
export const FILTERS_ID = 'filter-panel'
/** The Filters toggle, where "Skip to filters" lands while the panel is closed. */
export const FILTERS_TOGGLE_ID = 'filters-toggle'
