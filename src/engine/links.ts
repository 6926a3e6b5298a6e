// Finds links and e-mail addresses in normalised text, as short units for `url`, `host` and
// `email` expressions. A hand-written scanner that only looks around "." and "@", so the cost
// is linear and small; the count of units per message is capped so a page of links cannot
// make scoring slow. The cap is above what a LinkedIn message (8,000 characters) can hold, so
// padding cannot push a link out of sight; only longer input, such as a file given to the
// command line, can reach it.

export interface Unit {
  value: string;
  /** Offsets into the normalised text. */
  start: number;
  end: number;
}

export const MAX_UNITS_PER_MESSAGE = 2000;
export const MAX_URL_LENGTH = 512;

const TLDS = new Set(
  ('com net org io ly co me gl gd cn ru info xyz top link app to cc site online club biz us uk de fr eu tk ml ga cf gq ' +
    'work live shop store click page dev ai vip icu buzz cyou in hk sg tw jp kr ir kp by su cam ws is im gov edu int ' +
    'at ch nl be es it pl se no dk fi ie pt ca au nz za br mx ar ua tr il ae sa qa ms id my ph vn th pk ng ke so').split(' '),
);

// 1: host character [a-z0-9-], 2: ".", 0: other (ASCII).
const HOST = new Uint8Array(128);
for (let c = 48; c <= 57; c++) HOST[c] = 1;
for (let c = 97; c <= 122; c++) HOST[c] = 1;
HOST[45] = 1;
HOST[46] = 2;
const isHost = (c: number) => c < 128 && HOST[c] === 1;
const isHostOrDot = (c: number) => c < 128 && HOST[c] !== 0;
// Characters that start a link's path, query or fragment: / ? #
const isPathStart = (c: number) => c === 47 || c === 63 || c === 35;
// Characters that end a link's path.
const isPathEnd = (c: number) => c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 96;
// Characters that may trail a link but belong to the sentence.
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function findUrls(text: string): Unit[] {
  const out: Unit[] = [];
  let from = 0;
  for (;;) {
    const dot = text.indexOf('.', from);
    if (dot < 0 || out.length >= MAX_UNITS_PER_MESSAGE) break;
    from = dot + 1;
    if (!isHost(text.charCodeAt(dot - 1)) || !isHost(text.charCodeAt(dot + 1))) continue;
    let s = dot - 1;
    // Not back across two dots ("more info...bit.ly", an ellipsis folded), nor from a dot or a hyphen.
    while (s > 0 && isHostOrDot(text.charCodeAt(s - 1)) && !(text.charCodeAt(s - 1) === 46 && text.charCodeAt(s) === 46) && dot - s < 253) s--;
    while (text.charCodeAt(s) === 46 || text.charCodeAt(s) === 45) s++;
    let e = dot + 1;
    while (e < text.length && isHostOrDot(text.charCodeAt(e)) && e - s < 253) e++;
    while (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45) e--;
    // The domain of an e-mail address, unless a scheme comes before its "@": in
    // https://www.linkedin.com@bit.ly/x the host is bit.ly, what comes before is a user name.
    // Such a link is read from its scheme, user name included, so a rule can see both.
    let withUser = s;
    if (text.charCodeAt(s - 1) === 64) {
      const before = text.slice(Math.max(0, s - 300), s);
      if (!/https?:\/\/\S*$/.test(before)) continue;
      const user = /https?:\/\/[^\s/?#@]*@$/.exec(before);
      if (user) withUser = s - before.length + user.index;
    }
    const scheme = text.slice(Math.max(0, s - 8), s);
    const schemeMatch = /https?:\/\/$/.exec(scheme);
    let host = text.slice(s, e);
    // A user name before "@" that reads as a host, with or without a scheme:
    // "www.linkedin.com@bit.ly/x" leads to bit.ly, the host after the last "@" (as browsers
    // read it). The link is read whole. Without a scheme, "www." or a path with a letter in it
    // tells it from an e-mail address ("jo.uk@mail.com", "maria.it@mail.com/+39…").
    let named = false;
    if (text.charCodeAt(e) === 64 && (schemeMatch || TLDS.has(host.slice(host.lastIndexOf('.') + 1)))) {
      let a = e;
      while (a < text.length && !isPathEnd(text.charCodeAt(a)) && !isPathStart(text.charCodeAt(a)) && a - e < 253) a++;
      const at = text.lastIndexOf('@', a - 1) + 1;
      let h = at;
      while (h < a && isHostOrDot(text.charCodeAt(h))) h++;
      const real = text.slice(at, h);
      if (isHost(real.charCodeAt(0)) && (schemeMatch || (real.includes('.') && (host.startsWith('www.') || /^[/?#]\S*[a-z]/.test(text.slice(a, a + MAX_URL_LENGTH)))))) {
        host = real;
        e = a;
        named = true;
      }
    }
    const tld = host.slice(host.lastIndexOf('.') + 1);
    if (!schemeMatch && !named && withUser === s && !TLDS.has(tld)) continue;
    let end = e;
    if (isPathStart(text.charCodeAt(end)) || text.charCodeAt(end) === 58) {
      while (end < text.length && !isPathEnd(text.charCodeAt(end)) && end - s < MAX_URL_LENGTH) end++;
    }
    const start = schemeMatch ? s - schemeMatch[0].length : withUser;
    const value = text.slice(start, end).replace(TRAILING, '');
    out.push({ value, start, end: start + value.length });
    from = Math.max(from, end);
  }
  return out;
}

const isLocal = (c: number) => isHostOrDot(c) || c === 95 || c === 37 || c === 43; // _ % +

export function findEmails(text: string): Unit[] {
  const out: Unit[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('@', from);
    if (at < 0 || out.length >= MAX_UNITS_PER_MESSAGE) break;
    from = at + 1;
    let s = at;
    while (s > 0 && isLocal(text.charCodeAt(s - 1)) && at - s < 64) s--;
    let e = at + 1;
    while (e < text.length && isHostOrDot(text.charCodeAt(e)) && e - at < 253) e++;
    while (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45) e--;
    const domain = text.slice(at + 1, e);
    if (s === at || !domain.includes('.')) continue;
    out.push({ value: text.slice(s, e), start: s, end: e });
    from = e;
  }
  return out;
}

/** The host of a link found in text ("bit.ly/x" → "bit.ly"), without "www.", a user name and port. */
export function hostOf(url: string): string {
  const rest = url.replace(/^(?:https?:\/\/)?(?:[^/?#]*@)?/, '');
  const end = rest.search(/[/?#:]/);
  return (end < 0 ? rest : rest.slice(0, end)).replace(/^www\./, '');
}
