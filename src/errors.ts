/**
 * Coded errors: `message` is for logs, `userMessage` is safe to show a person (CLI, Slack).
 * Rethrow with `{ cause }` so the original stays attached for the logs.
 */
export type ErrorCode =
  | 'settings_invalid'
  | 'database_unreachable'
  | 'embedded_database_failed'
  | 'migration_failed'
  | 'import_invalid'
  | 'usage'
  | 'not_found'
  | 'composition_failed'
  | 'port_unavailable'
  | 'slack_token_refused'
  | 'database_newer'
  | 'token_unreadable'
  | 'not_installed';

export class RenubuError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  /** Process exit status when this error ends a command. */
  readonly exitCode: number;

  constructor(
    code: ErrorCode,
    userMessage: string,
    options: { cause?: unknown; logMessage?: string; exitCode?: number } = {},
  ) {
    super(options.logMessage ?? userMessage, { cause: options.cause });
    this.name = 'RenubuError';
    this.code = code;
    this.userMessage = userMessage;
    this.exitCode = options.exitCode ?? 1;
  }
}

export function isRenubuError(error: unknown): error is RenubuError {
  return error instanceof RenubuError;
}
