// The one origin the extension reads (https://www.linkedin.com). Anything else (look-alike
// hosts, http, other sites) is never LinkedIn, whatever a message claims.
export function isLinkedInUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname === 'www.linkedin.com' && parsed.port === '';
  } catch {
    return false;
  }
}
