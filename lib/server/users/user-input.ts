import 'server-only';
import { z } from 'zod';
import { personRoles } from '@/lib/server/auth/roles';

// 254 is the longest address SMTP can carry; the sign-in form refuses longer ones too.
export const emailSchema = z
  .string()
  .max(254, 'must be at most 254 characters')
  .trim()
  .toLowerCase()
  .email('must be an email address');
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(256);
export const roleSchema = z.enum(personRoles);
export const levelSchema = z.enum(['L1', 'L2', 'L3', 'L4']);
