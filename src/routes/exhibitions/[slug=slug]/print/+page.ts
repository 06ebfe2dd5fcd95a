// A reading page: drawn by the server alone, no Svelte in the browser (issue 11, target 5).
// What needs a script here is a small static file in static/js/, and the page is whole
// without it.
export const csr = false;
