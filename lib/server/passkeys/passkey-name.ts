import { plainText } from '@/lib/parse-fields';

/** What a person calls a passkey, on registering or renaming it. */
export const passkeyNameSchema = plainText(100)
  .trim()
  .min(1, 'Name the passkey (for example, the device it lives on).');
