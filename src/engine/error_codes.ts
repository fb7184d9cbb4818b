/** The contract's error code for anything the engine or its setup throws. */
import type { ErrorCode } from "../protocol.ts";
import { ConfigError, ProviderError, type ProviderErrorCode, UsageError } from "../errors.ts";

// Every code a ProviderError can carry must be a contract ErrorCode: this line stops
// compiling when src/errors.ts gains one that src/protocol.ts does not list.
const _providerCodesAreContractCodes: ProviderErrorCode extends ErrorCode ? true : never = true;

/** `config_error` for setup problems, the provider's own code, else `engine_error`. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof ProviderError) return error.code;
  if (error instanceof ConfigError || error instanceof UsageError) return "config_error";
  return "engine_error";
}
