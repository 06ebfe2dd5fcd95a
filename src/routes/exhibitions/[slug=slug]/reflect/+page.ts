// A page of the exhibition, drawn by the server alone: the form posts without any script.
export const csr = false;
