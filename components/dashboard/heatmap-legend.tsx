import { type Authority, type AuthorityMark, uncoveredSwatch } from './authority-marks';

type Kind = { code: string; tier: number; meaning: string };

export function HeatmapLegend({
  authorities,
  marks,
  kinds,
}: {
  authorities: readonly Authority[];
  marks: Map<string, AuthorityMark>;
  kinds: readonly Kind[];
}) {
  return (
    <div className="space-y-2 text-sm">
      <h3 className="sr-only">Legend</h3>
      <ul className="flex flex-wrap gap-x-4 gap-y-2">
        {authorities.map((authority) => {
          const mark = marks.get(authority.code);
          return (
            <li key={authority.code} className="flex items-center gap-2">
              <Swatch className={mark?.swatch ?? uncoveredSwatch}>{mark?.letter}</Swatch>
              <span>
                <span className="font-mono">{authority.code}</span>
                <span className="text-zinc-600 dark:text-zinc-400"> {authority.name}</span>
              </span>
            </li>
          );
        })}
        <li className="flex items-center gap-2">
          <Swatch className={uncoveredSwatch}>–</Swatch>
          <span>uncovered (part of the gap)</span>
        </li>
      </ul>
      <p className="text-zinc-600 dark:text-zinc-400">
        Columns:{' '}
        {kinds.map((kind, index) => (
          <span key={kind.code}>
            {index > 0 && ', '}
            <span className="font-mono">{kind.code.slice(0, 3)}</span> {kind.code} (tier {kind.tier})
          </span>
        ))}
        . Each cell opens its provenance.
      </p>
    </div>
  );
}

function Swatch({ className, children }: { className: string; children: string | undefined }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex h-6 min-w-6 items-center justify-center rounded-sm px-1 text-xs font-semibold ${className}`}
    >
      {children}
    </span>
  );
}
