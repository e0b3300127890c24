import 'server-only';

/**
 * Holds an approval row against revocation until the caller's transaction
 * ends. SELECT … FOR SHARE needs UPDATE rights on the table, which the role
 * that applies tiers must not have; this function runs as the table's owner
 * and can do nothing but take that lock. search_path is pinned, pg_temp last.
 */
export function createHoldApprovalFunction(approvalsTable: string): string {
  return `
CREATE FUNCTION public.os_hold_approval(approval uuid) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $hold$
BEGIN
  PERFORM 1 FROM public.${approvalsTable} WHERE id = approval FOR SHARE;
  RETURN FOUND;
END
$hold$;
REVOKE ALL ON FUNCTION public.os_hold_approval(uuid) FROM PUBLIC`;
}
