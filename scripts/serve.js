// Starts the built server. Without ORIGIN, adapter-node assumes https, so form posts from
// http://localhost would be refused as cross-site; default ORIGIN to the local address.
// Behind a proxy in production, set ORIGIN to the public https address (see the README).
process.env.PORT ||= '3000';
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
await import('../build/index.js');
