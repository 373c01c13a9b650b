/** The price list could not be read (the Retail Prices API failed or answered something unreadable). */
export class PriceLookupError extends Error {
  override readonly name = 'PriceLookupError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
