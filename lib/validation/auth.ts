import { z } from "zod";

/** Sign-in form and API session request. Limits keep absurd input away from the password hash. */
export const signInSchema = z.object({
  username: z.string().trim().min(1, "required").max(64, "tooLong"),
  password: z.string().min(1, "required").max(128, "tooLong"),
});

export type SignInInput = z.infer<typeof signInSchema>;
