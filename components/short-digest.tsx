/** A digest is too long to read whole; the first 12 hex characters identify it, the title holds the rest. */
export function ShortDigest({ digest }: { digest: string }) {
  return (
    <code title={digest} className="font-mono text-[0.95em]">
      {digest.slice(0, 12)}
    </code>
  );
}
