import 'server-only';
import type { Role } from '@/lib/generated/prisma/client';

/** The roles a person can be granted; the database's `Role` enum holds the same names. */
export const personRoles = [
  'approver',
  'owner',
  'operator',
  'auditor',
  'viewer',
] as const satisfies readonly Role[];

/** Roles no person holds: the CLI run by whoever holds the database credentials, and the app itself at first start. */
export const machineRoles = ['administrator', 'system'] as const;

export type PersonRole = (typeof personRoles)[number];
export type RoleName = PersonRole | (typeof machineRoles)[number];
