// One error type for problems the user can fix: a message that names the resource and a resolution.
// Anything else that reaches the entry point is a bug and is reported as such.

export const ExitCode = {
  ok: 0,
  userError: 1,
  usage: 2,
  /** `push --dry-run`: the check passed and a push would change something (Terraform's -detailed-exitcode, moved off 2). */
  changesPending: 3,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type UserErrorKind =
  | 'NoProject'
  | 'ProjectFileInvalid'
  | 'AuthAlreadyImported'
  | 'NotFound'
  | 'ValidationFailed'
  | 'MissingInput'
  | 'InvalidInput'
  | 'AwsAccessDenied'
  | 'AwsCredentials'
  | 'AwsThrottled'
  | 'AwsTimeout'
  | 'AwsServerFault'
  | 'AwsClockSkew'
  | 'AwsError'
  | 'Interrupted'
  | 'Declined';

const EXIT_CODE_BY_KIND: Partial<Record<UserErrorKind, ExitCodeValue>> = {
  Interrupted: ExitCode.interrupted,
  // Answering "no" to a confirmation is a choice, not a failure.
  Declined: ExitCode.ok,
};

export class UserError extends Error {
  override readonly name = 'UserError';

  constructor(
    readonly kind: UserErrorKind,
    message: string,
    readonly resolution: string,
    options: { cause?: unknown; exitCode?: ExitCodeValue; details?: string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT_CODE_BY_KIND[kind] ?? ExitCode.userError;
    this.details = options.details ?? [];
  }

  readonly exitCode: ExitCodeValue;
  /** Extra lines printed between the message and the resolution (e.g. every failed validation rule). */
  readonly details: string[];
}

/** Wrong usage of the command line (missing or conflicting flags): exit code 2. */
export function usageError(message: string, resolution: string): UserError {
  return new UserError('MissingInput', message, resolution, { exitCode: ExitCode.usage });
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
