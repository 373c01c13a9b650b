/** An ARM error response: status and the `{ error: { code, message } }` body every RP returns. */
export class ArmError extends Error {
  override readonly name = 'ArmError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Headers of the answer instead of the default ones (Resource Graph's quota on its 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
