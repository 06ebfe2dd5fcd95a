// A reading page, like the exhibition pages: drawn by the server alone, no Svelte in the
// browser (docs/performance.md). Everything on it is a link or a plain form.
export const csr = false;
