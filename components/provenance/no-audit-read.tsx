/** What someone without audit.read sees instead of the trail. */
export function NoAuditRead({ title = 'Provenance' }: { title?: string }) {
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-4 px-4 py-6">
      <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
      <p data-testid="audit-unavailable" className="text-sm">
        Reading the audit trail needs the audit.read permission (auditors, approvers, owners and operators
        have it); your roles do not include it.
      </p>
    </main>
  );
}
