/** Errors the data layer throws; pages, actions and the API turn them into 401/403/404/422. */
export class UnauthenticatedError extends Error {
  readonly status = 401;
  /** Set when the caller can do something about it: secondFactorRequired, secondFactorInvalid. */
  constructor(
    message = "Not signed in",
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The password was right; the account also needs a code from the authenticator app (or a recovery code). */
export class SecondFactorError extends UnauthenticatedError {
  constructor(readonly reason: "required" | "invalid") {
    super(
      reason === "required" ? "Send the code from the authenticator app (or a recovery code) as code" : "The code is wrong or was already used",
      reason === "required" ? "secondFactorRequired" : "secondFactorInvalid",
    );
  }
}

export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(permission: string) {
    super(`Not allowed: ${permission}`);
  }
}

/** Also used for what exists but the viewer may not know of. */
export class NotFoundError extends Error {
  readonly status = 404;
  constructor(what: string) {
    super(`Not found: ${what}`);
  }
}

/** The record changed since the caller read it, or its state does not allow the change. */
export class ConflictError extends Error {
  readonly status = 409;
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Input that parses but breaks a rule; `fields` maps a field to its message key. */
export class InvalidInputError extends Error {
  readonly status = 422;
  constructor(readonly fields: Record<string, string>) {
    super(`Invalid input: ${Object.keys(fields).join(", ")}`);
  }
}
