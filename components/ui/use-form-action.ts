"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef } from "react";
import type { ZodType } from "zod";
import type { ActionResult } from "@/lib/actions/result";
import { fieldErrors } from "@/lib/validation/issues";
import { useToast } from "./toast";
import { useHydrated } from "./use-hydrated";

export type FormActionOptions<I, T extends object> = {
  /** The server action (lib/actions/*), which runs through runAction. */
  action: (input: I) => Promise<ActionResult<T>>;
  /**
   * The shared zod schema: checked here first, so a bad field is shown without a request. Give it
   * as a loader (`() => import("@/lib/validation/x").then((m) => m.xSchema)`) to keep the schema
   * library out of the page's first load: it is fetched when the page is idle, or at the first submit.
   */
  schema?: ZodType | (() => Promise<ZodType>);
  /** A message key (a field's or the form's) in the user's language; null leaves it to the common messages. */
  errorText?: (code: string) => string | null;
  /** The toast when it worked; none when absent (the page shows the change itself). */
  okText?: string | ((result: T) => string);
  onOk?: (result: T) => void;
  /** router.refresh() after a success (default): the server components show what changed. */
  refresh?: boolean;
};

/**
 * The one form pattern: `useActionState` around the server action, the shared schema checked
 * before sending, field errors next to their fields, the outcome in a toast. `submit(input)` for a
 * form whose values are kept in state; `formAction` for `<form action>` with FormData.
 */
export function useFormAction<I, T extends object = object>(opts: FormActionOptions<I, T>) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const common = useTranslations("common.formErrors");
  const latest = useRef(opts);
  useEffect(() => {
    latest.current = opts;
  });
  const text = (code: string) => latest.current.errorText?.(code) ?? (common.has(code) ? common(code) : common("invalid"));
  const [state, dispatch, pending] = useActionState<ActionResult<T> | null, I>(async (_previous, input) => {
    const { action } = latest.current;
    // A schema that cannot be fetched (offline) is left to the server, which checks it again anyway.
    const schema = await loadSchema(latest.current.schema).catch(() => undefined);
    if (schema) {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, message: "invalid", errors: fieldErrors(parsed.error) };
    }
    try {
      return await action(input);
    } catch {
      // The request itself failed (offline, the server restarting): nothing was saved.
      return { ok: false, message: "network" };
    }
  }, null);

  // A lazily loaded schema is fetched once the page is idle, so the first submit does not wait for it.
  useEffect(() => {
    const load = () => void loadSchema(latest.current.schema).catch(() => undefined);
    if (typeof window.requestIdleCallback === "function") {
      const id = window.requestIdleCallback(load, { timeout: 3000 });
      return () => window.cancelIdleCallback(id);
    }
    const timer = setTimeout(load, 1);
    return () => clearTimeout(timer);
  }, []);

  // Each answer is a new object: its outcome is told once.
  useEffect(() => {
    if (!state) return;
    const { okText, onOk, refresh = true } = latest.current;
    if (state.ok) {
      const text = typeof okText === "function" ? okText(state as T) : okText;
      if (text) toast("ok", text);
      onOk?.(state as T);
      if (refresh) router.refresh();
    } else {
      toast("error", text(state.message));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- told once per answer; `text` reads the latest options
  }, [state, router, toast]);

  const errors: Record<string, string> = state && !state.ok ? (state.errors ?? {}) : {};
  return {
    state,
    pending,
    /** Disabled until hydrated (a click before React runs would do nothing) and while sending. */
    busy: pending || !hydrated,
    errors,
    /** A field's error text, or undefined. */
    error: (field: string) => (errors[field] ? text(errors[field]!) : undefined),
    /** A message key in the user's language (the form's own messages first). */
    text,
    submit: (input: I) => startTransition(() => dispatch(input)),
    formAction: dispatch,
  };
}

const loaded = new WeakMap<() => Promise<ZodType>, Promise<ZodType>>();

/** The schema itself, or the one its loader gives (loaded once per loader). */
async function loadSchema(schema: ZodType | (() => Promise<ZodType>) | undefined): Promise<ZodType | undefined> {
  if (typeof schema !== "function" || "safeParse" in schema) return schema as ZodType | undefined;
  let promise = loaded.get(schema);
  if (!promise) {
    promise = schema();
    loaded.set(schema, promise);
  }
  return promise;
}
