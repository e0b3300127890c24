/** The first 12 hex characters of a sha256 digest: enough to tell bundles apart on screen and in sentences. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 12);
}
