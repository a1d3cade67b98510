export type DemoErrorCode =
  | 'BODY_TOO_LARGE'
  | 'DEV_SIGNIN_IN_AZURE'
  | 'RENDERER_MISSING'
  | 'PACKAGE_ROOT_NOT_FOUND'
  | 'DEMO_FAILED'
  | 'DEMO_NOT_RUNNING';

/** A failure of the local demo runtime (stand-ins, development sign-in, the demo run). */
export class DemoError extends Error {
  override readonly name = 'DemoError';
  constructor(
    readonly code: DemoErrorCode,
    message: string,
  ) {
    super(message);
  }
}
