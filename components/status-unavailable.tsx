export function StatusUnavailable({ code }: { code: string }) {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <section aria-labelledby="unavailable-heading" className="space-y-2">
        <h1 id="unavailable-heading" className="text-lg font-semibold">
          One-Roof Release Gate: status unavailable
        </h1>
        <p className="text-sm">
          The release status could not be read (<span className="font-mono">{code}</span>). The server log has
          the details; reload to try again.
        </p>
      </section>
    </main>
  );
}
