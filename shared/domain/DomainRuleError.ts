/** A request that the domain's rules do not allow, with a message that says what would be allowed. */
export class DomainRuleError extends Error {
  override readonly name = 'DomainRuleError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
