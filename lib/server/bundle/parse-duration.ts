import 'server-only';

const MAX_SECONDS = 10 * 366 * 86_400;
const pattern = /^P(?:([0-9]{1,5})D)?(?:T(?:([0-9]{1,6})H)?(?:([0-9]{1,8})M)?(?:([0-9]{1,9})S)?)?$/;

/**
 * Seconds in an ISO 8601 duration limited to days, hours, minutes and seconds
 * ("P30D", "PT12H", "P1DT30M"), or null when the text is not one. Years, months
 * and weeks are refused: a month has no fixed length, and the app and the
 * database must agree to the second on when a ratification lapses.
 */
export function parseDuration(options: { text: string }): number | null {
  const match = pattern.exec(options.text);
  if (!match || options.text === 'P' || options.text.endsWith('T')) return null;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  const total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
  return total > 0 && total <= MAX_SECONDS ? total : null;
}
