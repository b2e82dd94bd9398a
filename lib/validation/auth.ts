import { z } from "zod";

/** Sign-in form and API session request. Limits keep absurd input away from the password hash. */
export const signInSchema = z.object({
  username: z.string().trim().min(1, "required").max(64, "tooLong"),
  password: z.string().min(1, "required").max(128, "tooLong"),
  /** The second factor, when the account has one: six digits from the app, or a recovery code. */
  code: z.string().trim().max(32, "tooLong").optional(),
});

export type SignInInput = z.infer<typeof signInSchema>;
