/** A command line the CLI cannot act on: exit 2 with the usage text. */
export class UsageError extends Error {}
