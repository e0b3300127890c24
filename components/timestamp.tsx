/** Rendered on the server, so it states UTC rather than guessing the reader's zone. */
export function Timestamp({ iso }: { iso: string }) {
  return <time dateTime={iso}>{`${iso.slice(0, 16).replace('T', ' ')} UTC`}</time>;
}
