// Ed25519 public keys (32 raw bytes, standard base64) trusted for organisation packs in every
// installation of this build, beside those the `trustedKeys` policy gives. Empty in this
// build: an organisation that builds and distributes its own copy may pin its key here, so
// that its packs verify even before policy reaches a browser.
export const PINNED_PACK_KEYS: readonly string[] = [];
