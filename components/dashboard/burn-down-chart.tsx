import type { GapHistory } from '@/lib/server/release/get-gap-history';

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 14, right: 16, bottom: 34, left: 44 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** Each environment differs in colour, dash and marker shape, so no series rests on colour alone. */
export const seriesStyles = [
  { stroke: 'stroke-sky-700 dark:stroke-sky-400', fill: 'fill-sky-700 dark:fill-sky-400', marker: 'circle' },
  {
    stroke: 'stroke-orange-700 dark:stroke-orange-400',
    fill: 'fill-orange-700 dark:fill-orange-400',
    marker: 'square',
  },
  {
    stroke: 'stroke-violet-700 dark:stroke-violet-400',
    fill: 'fill-violet-700 dark:fill-violet-400',
    marker: 'diamond',
  },
] as const;

type Point = { step: number; gap: number };

/** The expected and measured gap after each tier, drawn by hand: a chart library would dwarf the page. */
export function BurnDownChart({ history, titleId }: { history: GapHistory; titleId: string }) {
  const tiers = history.environments[0]?.points ?? [];
  const steps = tiers.length;
  const top = Math.max(history.initialGap, 1);
  const x = (step: number) => MARGIN.left + (steps === 0 ? 0 : (step / steps) * PLOT_W);
  const y = (gap: number) => MARGIN.top + PLOT_H - (gap / top) * PLOT_H;
  const expected: Point[] = [
    { step: 0, gap: history.initialGap },
    ...tiers.map((point, index) => ({ step: index + 1, gap: point.expected })),
  ];
  // The gaps the manifest names are the figures people talk about (210, 175, 105, 35, 0).
  const yTicks = [...new Set([0, history.initialGap, ...expected.map((point) => point.gap)])];

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${titleId} ${titleId}-desc`}
      className="h-auto max-h-80 w-full text-zinc-600 dark:text-zinc-400"
    >
      <title id={titleId}>Coverage gap after each tier, expected against measured</title>
      <desc id={`${titleId}-desc`}>{describeHistory(history)}</desc>
      {yTicks.map((tick) => (
        <g key={tick}>
          <line
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={y(tick)}
            y2={y(tick)}
            className="stroke-zinc-200 dark:stroke-zinc-800"
          />
          <text x={MARGIN.left - 6} y={y(tick) + 4} textAnchor="end" className="fill-current text-[11px]">
            {tick}
          </text>
        </g>
      ))}
      {expected.map((point) => (
        <text
          key={point.step}
          x={x(point.step)}
          y={HEIGHT - 12}
          textAnchor="middle"
          className="fill-current text-[11px]"
        >
          {point.step === 0 ? 'start' : `T${point.step}`}
        </text>
      ))}
      <polyline
        points={expected.map((point) => `${x(point.step)},${y(point.gap)}`).join(' ')}
        fill="none"
        strokeWidth={2}
        strokeDasharray="6 5"
        className="stroke-zinc-500"
      />
      {history.environments.map((environment, index) => {
        const style = seriesStyles[index % seriesStyles.length] ?? seriesStyles[0];
        const measured = measuredPoints(history.initialGap, environment.points);
        if (measured.length < 2) return null;
        return (
          <g key={environment.name}>
            <polyline
              points={measured.map((point) => `${x(point.step)},${y(point.gap)}`).join(' ')}
              fill="none"
              strokeWidth={2.5}
              strokeDasharray={index === 0 ? undefined : '2 3'}
              className={style.stroke}
            />
            {measured.map((point) => (
              <Marker
                key={point.step}
                shape={style.marker}
                cx={x(point.step)}
                cy={y(point.gap)}
                fill={style.fill}
              />
            ))}
          </g>
        );
      })}
    </svg>
  );
}

function Marker({ shape, cx, cy, fill }: { shape: string; cx: number; cy: number; fill: string }) {
  if (shape === 'square') return <rect x={cx - 4} y={cy - 4} width={8} height={8} className={fill} />;
  if (shape === 'diamond')
    return (
      <polygon points={`${cx},${cy - 5} ${cx + 5},${cy} ${cx},${cy + 5} ${cx - 5},${cy}`} className={fill} />
    );
  return <circle cx={cx} cy={cy} r={4} className={fill} />;
}

/** The start, then every tier measured so far; nothing when no tier has been applied. */
export function measuredPoints(initialGap: number, points: GapHistory['environments'][number]['points']) {
  const measured = points.flatMap((point, index) =>
    point.actual === null ? [] : [{ step: index + 1, gap: point.actual }],
  );
  return measured.length === 0 ? [] : [{ step: 0, gap: initialGap }, ...measured];
}

function describeHistory(history: GapHistory): string {
  const expected = history.environments[0]?.points.map((point) => point.expected).join(', ') ?? '';
  const measured = history.environments.map((environment) => {
    const values = environment.points.filter((point) => point.actual !== null);
    return values.length === 0
      ? `${environment.name}: no tier applied yet`
      : `${environment.name}: ${values.map((point) => `${point.actual} after tier ${point.tier}`).join(', ')}`;
  });
  return `Starts at ${history.initialGap}. Expected after each tier: ${expected}. Measured, ${measured.join('; ')}.`;
}
