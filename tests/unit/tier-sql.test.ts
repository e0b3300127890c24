import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TierSql } from '@/components/proposal/tier-sql';

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('the tier SQL as the proposal page renders it', () => {
  const manifest = JSON.parse(readFileSync('releases/one-roof-authmodel/manifest.json', 'utf8')) as {
    tiers: { tier: number; name: string; file: string; gate: 'ratification' | 'structure' }[];
  };
  it.each(manifest.tiers)('shows tier $tier byte for byte, highlighted, with its SHA-256', (tier) => {
    const bytes = readFileSync(`releases/one-roof-authmodel/${tier.file}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = {
      tier: tier.tier,
      name: tier.name,
      gate: tier.gate,
      path: tier.file,
      sha256,
      sql: bytes.toString('utf8'),
    };
    const html = renderToStaticMarkup(createElement(TierSql, { file }));
    const pre = /<pre[^>]*>([\s\S]*)<\/pre>/.exec(html)?.[1] ?? '';
    expect(textOf(pre)).toBe(file.sql);
    expect(pre).toContain('<span class="font-semibold');
    expect(html).toContain(sha256);
  });
});
