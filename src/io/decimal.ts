/** Numbers written as text on the command line and in sweep ranges. */

/**
 * Number(text) for a decimal text (trimmed), NaN for "" and for hexadecimal, binary and octal forms, which
 * Number() would read ("0x10" is 16, "0b1" is 1). The words "inf" and "-inf" are the callers' business.
 */
export function decimalNumber(text: string): number {
  const s = text.trim();
  return s === '' || /^[+-]?0[box]/i.test(s) ? NaN : Number(s);
}
