/** A mistake in how the CLI was called: printed in one line, exit code 2. */
export class UsageError extends Error {}
