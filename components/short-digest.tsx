import { shortDigest } from '@/lib/short-digest';

/** A digest is too long to read whole; its short form identifies it, the title holds the rest. */
export function ShortDigest({ digest }: { digest: string }) {
  return (
    <code title={digest} className="font-mono text-[0.95em]">
      {shortDigest(digest)}
    </code>
  );
}
